"""heartbeat.js in Debian Chromium against the real endpoint (live_server, real page and Video rows).

The player itself needs a transcoded HLS video, so the test page here carries a bare <video> and the
test dispatches the `lms:segment` events player.js would; the page is served on the live server's
origin (Playwright routing) so cookies, CSRF and localStorage behave as on the site.
"""

import time

import pytest
from django.test import Client

from lms.records import beat_queue
from lms.records.models import EventKind, LearningEvent
from lms.records.selectors import state_for
from tests.browser import assert_accessible, new_page

from .conftest import make_video, make_video_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSRF_TOKEN = "k" * 32

TEST_PAGE = """<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>시청 기록 시험</title></head>
<body><main>
<h1>시청 기록 시험</h1>
<div class="video-player" data-video-player data-heartbeat-url="/records/heartbeat/{page_id}/"
     data-progress-url="/records/progress/{page_id}/" data-resume-position="{resume}">
  <video aria-label="시험 동영상" controls></video>
  <p data-video-status role="status" aria-live="polite"></p>
</div>
<script src="/static/js/heartbeat.js"></script>
</main></body></html>"""


def wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("시간 안에 조건이 충족되지 않았습니다.")


def progress_events(user):
    return list(LearningEvent.objects.filter(user=user, kind=EventKind.PROGRESS).order_by("id"))


def segment(browser_page, start, end, rate=1):
    browser_page.evaluate(
        "([start, end, rate]) => document.querySelector('video').dispatchEvent("
        "new CustomEvent('lms:segment', {detail: {start, end, rate}, bubbles: true}))",
        [start, end, rate],
    )


@pytest.fixture
def learner_page(chromium, live_server, learner):
    page_model = make_video_page(make_video(duration=120))
    django_client = Client()
    django_client.force_login(learner)
    browser_page = new_page(chromium)
    browser_page.context.add_cookies(
        [
            {"name": "sessionid", "value": django_client.cookies["sessionid"].value, "url": live_server.url},
            {"name": "csrftoken", "value": CSRF_TOKEN, "url": live_server.url},
        ]
    )
    url = f"{live_server.url}/heartbeat-test/"
    browser_page.context.route(
        url,
        lambda route: route.fulfill(
            content_type="text/html; charset=utf-8", body=TEST_PAGE.format(page_id=page_model.pk, resume=75)
        ),
    )
    browser_page.clock.install()
    browser_page.goto(url)
    yield browser_page, page_model, url
    browser_page.context.close()


def test_beats_arrive_survive_offline_and_reload_and_flush_on_pagehide(learner_page, learner):
    browser_page, page_model, url = learner_page
    heartbeat_url = f"**/records/heartbeat/{page_model.pk}/"

    # Resume offer from data-resume-position, accessible.
    assert browser_page.get_by_role("button", name="이어서 보기 (1:15)").is_visible()
    assert browser_page.get_by_role("button", name="처음부터").is_visible()
    assert_accessible(browser_page)

    beat_tokens_sent = []
    browser_page.on(
        "request",
        lambda request: "/records/heartbeat/" in request.url and beat_tokens_sent.append(request.headers.get("x-beat-token")),
    )

    # Playback starts: the clock-starting beat goes out at once, the played range with the next beat.
    segment(browser_page, 0, 4)
    wait_for(lambda: len(progress_events(learner)) == 1)
    browser_page.clock.run_for(15_000)
    wait_for(lambda: len(progress_events(learner)) == 2)
    assert progress_events(learner)[1].data["intervals"] == [[0, 4]]
    assert state_for(learner, page_model).watched_intervals == [[0.0, 4.0]]
    wait_for(lambda: browser_page.evaluate("localStorage.getItem('lms:heartbeat-queue')") == "[]")
    # The first answer's beat token goes with the next beat (held in memory, never in the queue).
    assert beat_tokens_sent[0] is None and beat_tokens_sent[1].startswith(f"{learner.pk}:{page_model.pk}:")

    # The network drops: the beat waits in localStorage, across a reload, and is sent afterwards.
    browser_page.context.route(heartbeat_url, lambda route: route.abort("internetdisconnected"))
    segment(browser_page, 4, 8)
    browser_page.clock.run_for(15_000)
    wait_for(lambda: '"intervals":[[4,8]]' in browser_page.evaluate("localStorage.getItem('lms:heartbeat-queue')"))
    assert len(progress_events(learner)) == 2
    time.sleep(4)  # real time passes, so the server may credit the 4 s played offline
    browser_page.context.unroute(heartbeat_url)
    browser_page.reload()
    wait_for(lambda: len(progress_events(learner)) == 3)
    assert state_for(learner, page_model).watched_intervals == [[0.0, 8.0]]

    # Closing the page: after the reload's clock-starting beat, the pending range goes out with a
    # keepalive request on pagehide.
    segment(browser_page, 8, 10)
    wait_for(lambda: len(progress_events(learner)) == 4)
    browser_page.goto("about:blank")
    wait_for(lambda: len(progress_events(learner)) == 5)
    assert progress_events(learner)[4].data["intervals"] == [[8, 10]]


def test_resume_and_too_fast_playback_notice(learner_page, learner):
    browser_page, page_model, url = learner_page
    segment(browser_page, 0, 30, rate=16)
    assert "인정되지 않습니다" in browser_page.locator("[data-video-status]").text_content()
    browser_page.get_by_role("button", name="처음부터").click()
    assert browser_page.get_by_role("button", name="처음부터").count() == 0
    browser_page.clock.run_for(15_000)
    time.sleep(1)
    assert all(event.data["intervals"] == [] for event in progress_events(learner))


@pytest.fixture
def short_video_page(chromium, live_server, learner, redis_cache, settings):
    """A 6 s video page with the beat queue on, open in Chromium as the learner."""
    settings.RECORDS_BEAT_QUEUE = True
    page_model = make_video_page(make_video(duration=6, title="짧은 영상"), title="짧은 영상 페이지")
    django_client = Client()
    django_client.force_login(learner)
    browser_page = new_page(chromium)
    browser_page.context.add_cookies(
        [
            {"name": "sessionid", "value": django_client.cookies["sessionid"].value, "url": live_server.url},
            {"name": "csrftoken", "value": CSRF_TOKEN, "url": live_server.url},
        ]
    )
    url = f"{live_server.url}/heartbeat-test/"
    browser_page.context.route(
        url,
        lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=TEST_PAGE.format(page_id=page_model.pk, resume=0)),
    )
    browser_page.clock.install()
    browser_page.goto(url)
    yield browser_page, page_model
    browser_page.context.close()


def test_with_the_beat_queue_the_player_announces_completion_after_the_last_beat_is_stored(short_video_page, learner):
    browser_page, page_model = short_video_page
    writer = beat_queue.Writer("browser-test")
    browser_page.evaluate(
        "window.answers = []; document.querySelector('[data-video-player]')"
        ".addEventListener('lms:progress', (event) => window.answers.push(event.detail))"
    )
    segment(browser_page, 0, 6)  # playback starts: the clock-starting beat is queued
    wait_for(lambda: beat_queue.backlog().waiting == 1)
    writer.write_batch()
    time.sleep(1.5)  # real time for the server to credit 6 s (5 s grace + 1.1 × elapsed)
    browser_page.evaluate("document.querySelector('video').dispatchEvent(new Event('ended'))")
    wait_for(lambda: browser_page.evaluate("window.answers.length") == 2)  # the last beat, answered before it is stored
    assert browser_page.evaluate("window.answers[1]")["queued"] is True
    assert browser_page.locator("[data-video-status]").text_content() == ""
    writer.write_batch()
    assert state_for(learner, page_model).completed_at is not None
    browser_page.clock.run_for(2_500)  # the player asks for the stored progress
    wait_for(lambda: browser_page.locator("[data-video-status]").text_content() == "시청 완료로 기록되었습니다.")
    assert_accessible(browser_page)
