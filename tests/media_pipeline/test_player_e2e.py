"""Chromium plays a staff-only video through hls.js (MSE: H.264 + AAC) on the admin's player screen,
reports playback events, and the page passes axe-core on a desktop and a 360 px phone."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.people import roles
from media_pipeline.models import Caption
from tests.browser import DESKTOP, PHONE, assert_accessible, check_page, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def signed_in_video(transactional_db, transcoded_video, client, django_user_model):
    video = transcoded_video("민원 응대 기본 교육 1편")
    caption = Caption(video=video, file=SimpleUploadedFile("ko.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\n안녕하세요\n".encode()))
    caption.full_clean()
    caption.save()
    editor = django_user_model.objects.create_user(username="20240010", password="pw-12345!", name="이서울")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(editor)
    return video, client.cookies[settings.SESSION_COOKIE_NAME].value


def open_video_page(chromium, live_server, video, session, viewport):
    page = new_page(chromium, viewport=viewport)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    # Listen before the page's scripts run: lms:ready may fire before a later evaluate() could attach.
    page.add_init_script("""
        window.lmsEvents = [];
        ['lms:ready', 'lms:segment'].forEach((name) =>
            document.addEventListener(name, (e) => window.lmsEvents.push([name, e.detail]), true));
    """)
    page.goto(f"{live_server.url}/videos/{video.pk}/")
    return page


def test_video_plays_through_hls_js_and_reports_segments(chromium, live_server, signed_in_video):
    video, session = signed_in_video
    page = open_video_page(chromium, live_server, video, session, DESKTOP)
    page.wait_for_function("() => document.querySelector('[data-video-player]').lmsHls !== undefined")
    assert page.evaluate("() => document.querySelector('video').src").startswith("blob:")  # MSE, not native HLS

    page.evaluate("() => document.querySelector('video').play()")
    page.wait_for_function("() => document.querySelector('video').currentTime > 1.0", timeout=20_000)
    page.evaluate("() => document.querySelector('video').pause()")

    events = page.evaluate("() => window.lmsEvents")
    ready = [detail for name, detail in events if name == "lms:ready"]
    segments = [detail for name, detail in events if name == "lms:segment"]
    assert ready and ready[0]["duration"] == pytest.approx(3, abs=0.3)
    assert segments and segments[-1]["end"] > 1.0 and segments[-1]["rate"] == 1
    assert page.evaluate("() => document.querySelector('video').textTracks[0].language") == "ko"
    assert_accessible(page)


def test_video_page_is_accessible_on_a_phone(chromium, live_server, signed_in_video):
    video, session = signed_in_video
    page = open_video_page(chromium, live_server, video, session, PHONE)
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    width = page.evaluate("() => document.querySelector('video').getBoundingClientRect().width")
    assert 300 <= width <= 360
    check_page(page)


def test_anonymous_visitor_is_sent_to_login(chromium, live_server, signed_in_video):
    video, _ = signed_in_video
    page = new_page(chromium)
    page.goto(f"{live_server.url}/videos/{video.pk}/")
    assert "/accounts/login/" in page.url
    status = page.evaluate(f"async () => (await fetch('/videos/{video.pk}/hls/master.m3u8')).status")
    assert status == 403
