"""Reads of the media pipeline: who may watch what."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.shortcuts import get_object_or_404

from . import grants
from .models import Video, VideoStatus

# The admin's 재생 화면 (/videos/<id>/) plays any video, for those who manage videos.
MANAGE_PERMISSIONS = ("media_pipeline.change_video", "media_pipeline.view_video")


def may_open_player_screen(user) -> bool:
    return user.is_active and any(user.has_perm(permission) for permission in MANAGE_PERMISSIONS)


def can_watch(user, video: Video) -> bool:
    """Public (campaign) videos are for everyone; every other video is for signed-in staff only."""
    return video.is_public or (user.is_authenticated and user.is_active)


def granted_video(user, video_id: int, grant: str) -> Video:
    """The video, if a page this person was shown granted them its playback (see `grants`)."""
    video = get_object_or_404(Video, pk=video_id)
    if not can_watch(user, video) or not grants.allows(grant, video_id=video.pk, user=user):
        raise PermissionDenied("영상이 있는 페이지에서만 볼 수 있습니다. 페이지를 새로 고쳐 주세요.")
    return video


def ready_video(user, video_id: int, grant: str) -> Video:
    video = granted_video(user, video_id, grant)
    if not video.is_playable:
        raise PermissionDenied("아직 재생할 수 없는 영상입니다.")
    return video


def caption_text(video: Video | None) -> str:
    """What is said in the video, from its captions (default caption first), for search."""
    if video is None:
        return ""
    captions = sorted(video.captions.all(), key=lambda caption: not caption.is_default)
    return " ".join(caption.text for caption in captions if caption.text)


def videos_needing_attention():
    """Videos not yet playable: waiting, being checked or transcoded, or failed; failed ones first."""
    return Video.objects.exclude(status=VideoStatus.READY).order_by(
        Case(When(status=VideoStatus.FAILED, then=0), default=1), "-updated_at"
    )
