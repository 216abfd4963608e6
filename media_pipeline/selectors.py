"""Reads of the media pipeline: who may watch what."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Video


def can_watch(user, video: Video) -> bool:
    """Public (campaign) videos are for everyone; every other video is for signed-in staff only."""
    return video.is_public or (user.is_authenticated and user.is_active)


def watchable_video(user, video_id: int) -> Video:
    video = get_object_or_404(Video, pk=video_id)
    if not can_watch(user, video):
        raise PermissionDenied("로그인한 직원만 볼 수 있는 영상입니다.")
    return video


def ready_video(user, video_id: int) -> Video:
    video = watchable_video(user, video_id)
    if not video.is_playable:
        raise PermissionDenied("아직 재생할 수 없는 영상입니다.")
    return video


def caption_text(video: Video | None) -> str:
    """What is said in the video, from its captions (default caption first), for search."""
    if video is None:
        return ""
    captions = sorted(video.captions.all(), key=lambda caption: not caption.is_default)
    return " ".join(caption.text for caption in captions if caption.text)
