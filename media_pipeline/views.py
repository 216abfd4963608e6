"""Playback endpoints. The platform serves every playlist itself and rewrites each URI in it, so a
video is unreachable without the playback grant of a page that shows it (`grants`): the grant rides
on every playlist, local segment and caption URL; on S3 the segments get short-lived presigned URLs
(the bucket stays private).
"""

import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .models import Video
from .selectors import granted_video, may_open_player_screen, ready_video

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_FILE = re.compile(r"^(init\.mp4|seg_\d{4,6}\.m4s)$")
URI_ATTRIBUTE = re.compile(r'URI="([^"]+)"')


def _run_of(video: Video) -> str:
    return video.hls_prefix.rstrip("/").rsplit("/", 1)[-1]


def _playlist_response(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type=PLAYLIST_TYPE)
    # Holds per-viewer signed URLs: never cache it in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _rewrite(playlist: str, uri_for) -> str:
    lines = []
    for line in playlist.splitlines():
        if line and not line.startswith("#"):
            line = uri_for(line.strip())
        elif "URI=" in line:
            line = URI_ATTRIBUTE.sub(lambda match: f'URI="{uri_for(match.group(1))}"', line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _read(name: str) -> str:
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read().decode("utf-8")
    except FileNotFoundError:
        raise Http404("재생목록이 없습니다.") from None


def _grant_of(request) -> str:
    return request.GET.get("grant", "")


def _with_grant(url: str, grant: str) -> str:
    return f"{url}?{urlencode({'grant': grant})}"


def _segment_url(video: Video, rendition: str, filename: str, grant: str) -> str:
    if isinstance(default_storage, FileSystemStorage):
        return _with_grant(reverse("media_pipeline:segment", args=[video.pk, _run_of(video), rendition, filename]), grant)
    if getattr(default_storage, "querystring_auth", False) is not True:
        raise ImproperlyConfigured("영상 저장소는 서명된 URL(AWS_QUERYSTRING_AUTH=True)로만 제공해야 합니다.")
    # Valid for the whole video plus a margin: a VOD playlist is loaded once per playback.
    lifetime = int((video.duration or 0) + 900)
    return default_storage.url(f"{video.hls_prefix}{rendition}/{filename}", expire=lifetime)


@require_GET
def video_page(request, video_id):
    """The admin's 재생 화면: any video, for those who manage videos (learners watch through pages)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_open_player_screen(request.user):
        raise PermissionDenied("동영상을 관리하는 사람만 이 화면에서 볼 수 있습니다.")
    video = get_object_or_404(Video, pk=video_id)
    return render(request, "media_pipeline/video_page.html", {"video": video})


@require_GET
def master_playlist(request, video_id):
    grant = _grant_of(request)
    video = ready_video(request.user, video_id, grant)
    names = set(video.renditions.values_list("name", flat=True))

    def variant_url(uri):
        rendition = uri.split("/", 1)[0]
        if rendition not in names:
            raise Http404
        return _with_grant(reverse("media_pipeline:variant", args=[video.pk, rendition]), grant)

    return _playlist_response(_rewrite(_read(video.hls_prefix + "master.m3u8"), variant_url))


@require_GET
def variant_playlist(request, video_id, rendition):
    grant = _grant_of(request)
    video = ready_video(request.user, video_id, grant)
    if not video.renditions.filter(name=rendition).exists():
        raise Http404
    playlist = _read(f"{video.hls_prefix}{rendition}/index.m3u8")
    return _playlist_response(_rewrite(playlist, lambda uri: _segment_url(video, rendition, uri, grant)))


@require_GET
def segment(request, video_id, run, rendition, filename):
    video = ready_video(request.user, video_id, _grant_of(request))
    if run != _run_of(video) or not SEGMENT_FILE.match(filename) or not video.renditions.filter(name=rendition).exists():
        raise Http404
    try:
        handle = default_storage.open(f"{video.hls_prefix}{rendition}/{filename}", "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="audio/mp4" if rendition == "audio" else "video/mp4")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
def caption(request, video_id, caption_id):
    video = granted_video(request.user, video_id, _grant_of(request))
    track = get_object_or_404(video.captions, pk=caption_id)
    response = FileResponse(track.file.open("rb"), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response
