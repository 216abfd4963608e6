"""Playback endpoints. The platform serves every playlist itself and rewrites each URI in it, so a
staff-only video is unreachable without a session: on S3 the segments get short-lived presigned
URLs (the bucket stays private), on local disk they go through `segment`, which checks the login.
"""

import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import Video
from .selectors import can_watch, ready_video, watchable_video

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


def _segment_url(video: Video, rendition: str, filename: str) -> str:
    if isinstance(default_storage, FileSystemStorage):
        return reverse("media_pipeline:segment", args=[video.pk, _run_of(video), rendition, filename])
    if getattr(default_storage, "querystring_auth", False) is not True:
        raise ImproperlyConfigured("영상 저장소는 서명된 URL(AWS_QUERYSTRING_AUTH=True)로만 제공해야 합니다.")
    # Valid for the whole video plus a margin: a VOD playlist is loaded once per playback.
    lifetime = int((video.duration or 0) + 900)
    return default_storage.url(f"{video.hls_prefix}{rendition}/{filename}", expire=lifetime)


@require_GET
def video_page(request, video_id):
    video = get_object_or_404(Video, pk=video_id)
    if not can_watch(request.user, video):
        return redirect_to_login(request.get_full_path())
    return render(request, "media_pipeline/video_page.html", {"video": video})


@require_GET
def master_playlist(request, video_id):
    video = ready_video(request.user, video_id)
    names = set(video.renditions.values_list("name", flat=True))

    def variant_url(uri):
        rendition = uri.split("/", 1)[0]
        if rendition not in names:
            raise Http404
        return reverse("media_pipeline:variant", args=[video.pk, rendition])

    return _playlist_response(_rewrite(_read(video.hls_prefix + "master.m3u8"), variant_url))


@require_GET
def variant_playlist(request, video_id, rendition):
    video = ready_video(request.user, video_id)
    if not video.renditions.filter(name=rendition).exists():
        raise Http404
    playlist = _read(f"{video.hls_prefix}{rendition}/index.m3u8")
    return _playlist_response(_rewrite(playlist, lambda uri: _segment_url(video, rendition, uri)))


@require_GET
def segment(request, video_id, run, rendition, filename):
    video = ready_video(request.user, video_id)
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
    video = watchable_video(request.user, video_id)
    track = get_object_or_404(video.captions, pk=caption_id)
    response = FileResponse(track.file.open("rb"), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response
