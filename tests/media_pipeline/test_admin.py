"""The Video snippet in the Wagtail admin: upload, size limit, status list, retry, captions, chooser."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_pipeline.models import Video, VideoStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(username="90000001", password="pw-12345!")
    client.force_login(admin)
    return client


def form_data(**overrides):
    data = {
        "title": "민원 응대 기본 교육",
        "description": "",
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def add_url():
    return reverse(Video.snippet_viewset.get_url_name("add"))


@pytest.mark.slow
def test_editor_uploads_and_the_pipeline_runs(editor_client, clips, django_capture_on_commit_callbacks):
    form = editor_client.get(add_url()).content.decode()
    assert "최대 2 GB" in form

    with clips["clip.mp4"].open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        caption = SimpleUploadedFile("자막.srt", "1\n00:00:00,000 --> 00:00:01,000\n안녕하세요\n".encode())
        response = editor_client.post(
            add_url(),
            form_data(
                source=SimpleUploadedFile("민원 응대 1편.mp4", handle.read(), content_type="video/mp4"),
                **{"captions-TOTAL_FORMS": "1", "captions-0-label": "한국어", "captions-0-language": "ko",
                   "captions-0-is_default": "on", "captions-0-file": caption, "captions-0-ORDER": "0"},
            ),
        )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    video = Video.objects.get()
    assert video.status == VideoStatus.READY, video.error_message
    assert video.original_filename == "민원 응대 1편.mp4"
    assert video.captions.get().file.read().decode().startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.000")

    listing = editor_client.get(reverse(Video.snippet_viewset.get_url_name("list"))).content.decode()
    assert "완료" in listing and "다시 변환" in listing


def test_upload_over_the_limit_is_refused_in_korean(editor_client, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1024
    response = editor_client.post(add_url(), form_data(source=SimpleUploadedFile("big.mp4", b"x" * 2048)))
    assert response.status_code == 200
    assert "파일이 너무 큽니다(2 KB). 최대 1 KB까지 올릴 수 있습니다." in response.content.decode()
    assert not Video.objects.exists()


def test_bad_srt_caption_is_refused_in_korean(editor_client):
    response = editor_client.post(
        add_url(),
        form_data(
            source=SimpleUploadedFile("a.mp4", b"not really"),
            **{"captions-TOTAL_FORMS": "1", "captions-0-label": "한국어", "captions-0-language": "ko",
               "captions-0-file": SimpleUploadedFile("a.srt", "자막 아님".encode("cp949")), "captions-0-ORDER": "0"},
        ),
    )
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()


def test_failed_video_lists_reason_and_retry_requeues(editor_client, django_capture_on_commit_callbacks):
    video = Video.objects.create(
        title="잘린 영상", source="videos/sources/missing.mp4", status=VideoStatus.FAILED,
        error_message="MP4 파일이 잘려 있습니다(끝부분이 없습니다).",
    )
    listing = editor_client.get(reverse(Video.snippet_viewset.get_url_name("list"))).content.decode()
    assert "실패: MP4 파일이 잘려 있습니다" in listing and "다시 시도" in listing

    retry_url = reverse(Video.snippet_viewset.get_url_name("retry"), args=[video.pk])
    assert "다시 변환" in editor_client.get(retry_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(retry_url)
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED  # ran again; the source is still missing
    assert video.error_message == "원본 파일을 저장소에서 찾을 수 없습니다. 파일을 다시 올려 주세요."
    assert video.attempts == 1


def test_retry_needs_change_permission(client, django_user_model):
    user = django_user_model.objects.create_user(username="20240003", password="pw-12345!")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    video = Video.objects.create(title="영상", source="videos/sources/x.mp4", status=VideoStatus.FAILED)
    response = client.post(reverse(Video.snippet_viewset.get_url_name("retry"), args=[video.pk]))
    assert response.status_code in (302, 403)
    video.refresh_from_db()
    assert video.attempts == 0


def test_chooser_lists_videos(editor_client):
    Video.objects.create(title="캠페인 영상", source="videos/sources/x.mp4")
    response = editor_client.get(reverse(Video.snippet_viewset.chooser_viewset.get_url_name("choose")))
    assert response.status_code == 200
    assert "캠페인 영상" in response.json()["html"]
