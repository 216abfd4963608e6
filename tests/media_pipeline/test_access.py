"""Who may watch: staff-only videos give anonymous visitors nothing — master, variants or segments.
(Which page grants a playback: test_playback_grants.py.)"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from lms.people import roles
from media_pipeline.models import Caption

from .conftest import granted

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(username="20240001", password="pw-12345!", name="김민원")


def urls_of(client, video, user):
    """Every URL a player given `user`'s grant would fetch: master, each variant, each init/segment."""
    master_url = granted(reverse("media_pipeline:master", args=[video.pk]), video, user)
    master = client.get(master_url)
    assert master.status_code == 200
    text = master.content.decode()
    variant_urls = [line for line in text.splitlines() if line and not line.startswith("#")]
    variant_urls += re.findall(r'URI="([^"]+)"', text)
    segment_urls = []
    for url in variant_urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.apple.mpegurl"
        body = response.content.decode()
        segment_urls += [line for line in body.splitlines() if line and not line.startswith("#")]
        segment_urls += re.findall(r'URI="([^"]+)"', body)
    return master_url, variant_urls, segment_urls


def test_staff_only_video_refuses_anonymous_master_variants_and_segments(upload, clips, client, staff):
    video = upload(clips["clip.mp4"])
    client.force_login(staff)
    master_url, variant_urls, segment_urls = urls_of(client, video, staff)
    assert len(variant_urls) == 2 and len(segment_urls) >= 4
    for url in segment_urls:
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content)

    client.logout()
    for url in [master_url, *variant_urls, *segment_urls]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"#EXTM3U" not in response.content and b"ftyp" not in response.content

    page = client.get(reverse("media_pipeline:video", args=[video.pk]))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_public_video_plays_anonymously(upload, clips, client):
    video = upload(clips["clip.mp4"], title="캠페인: 따뜻한 말 한마디", is_public=True)
    _, _, segment_urls = urls_of(client, video, AnonymousUser())
    assert client.get(segment_urls[0]).status_code == 200


def test_segment_view_rejects_paths_outside_the_ladder(upload, clips, client, staff):
    video = upload(clips["clip.mp4"])
    client.force_login(staff)
    run = video.hls_prefix.rstrip("/").rsplit("/", 1)[-1]
    for rendition, filename in [("180p", "index.m3u8"), ("180p", "..%2Fmaster.m3u8"), ("other", "seg_0000.m4s")]:
        url = granted(f"/videos/{video.pk}/hls/{run}/{rendition}/{filename}", video, staff)
        assert client.get(url).status_code == 404, url
    assert client.get(granted(f"/videos/{video.pk}/hls/20000101000000-old/180p/seg_0000.m4s", video, staff)).status_code == 404


def test_player_include_renders_poster_captions_and_contract(upload, clips, client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    video = upload(clips["clip.mp4"])
    caption = Caption(video=video, label="한국어", file=SimpleUploadedFile("ko.srt", "1\n00:00:00,500 --> 00:00:02,000\n안녕하세요\n".encode()))
    caption.full_clean()
    caption.save()
    staff.groups.add(Group.objects.get(name=roles.EDITOR))  # the admin's player screen
    client.force_login(staff)

    html = client.get(reverse("media_pipeline:video", args=[video.pk])).content.decode()
    grant = re.search(r'data-src="/videos/\d+/hls/master\.m3u8(\?grant=[^"]+)"', html).group(1)
    assert f'data-src="/videos/{video.pk}/hls/master.m3u8{grant}"' in html
    assert f'data-video-id="{video.pk}"' in html
    assert 'poster="' in html
    assert f'src="/videos/{video.pk}/captions/{caption.pk}.vtt{grant}" srclang="ko" label="한국어" default' in html
    assert "vendor/hls.js/hls.min.js" in html and "js/player.js" in html

    vtt = client.get(f"/videos/{video.pk}/captions/{caption.pk}.vtt{grant}")
    assert vtt["Content-Type"].startswith("text/vtt")
    assert b"".join(vtt.streaming_content).decode() == "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\n안녕하세요\n"
    client.logout()
    assert client.get(f"/videos/{video.pk}/captions/{caption.pk}.vtt{grant}").status_code == 403
