"""heartbeat.js when the server cannot take a beat (issue 14, points 6 and 8): Redis down answers 503 with a
Korean JSON message, a CSRF failure 403 marked X-CSRF-Failure; the player keeps the beats and sends them later."""

import pytest

from lms.records.models import EventKind, LearningEvent
from tests.home.test_redis_down import unused_port
from tests.records.test_heartbeat_js import learner_page, segment, wait_for  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_player_keeps_its_beats_through_a_redis_outage_and_sends_them_after(learner_page, learner, settings):
    browser_page, page_model, _ = learner_page
    healthy_cache = settings.CACHES
    # The beat queue's production set-up, with its Redis gone (the session stays where the test signed in).
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/3",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "CONNECTION_POOL_CLASS": "lms.home.redis_pool.FailFastConnectionPool"},
        }
    }
    settings.RECORDS_BEAT_QUEUE = True

    with browser_page.expect_response(lambda response: "/records/heartbeat/" in response.url) as answer:
        segment(browser_page, 0, 4)
    assert answer.value.status == 503 and "다시 보냅니다" in answer.value.json()["error"]
    browser_page.clock.run_for(15_000)  # the next beat waits behind the first
    queued = browser_page.evaluate("localStorage.getItem('lms:heartbeat-queue')")
    assert '"intervals":[]' in queued  # the clock-starting beat waits in the browser
    assert LearningEvent.objects.count() == 0

    settings.CACHES = healthy_cache  # Redis is back (here: the embedded default, each beat stored at once)
    settings.RECORDS_BEAT_QUEUE = False
    browser_page.clock.run_for(15_000)
    wait_for(lambda: LearningEvent.objects.filter(user=learner, kind=EventKind.PROGRESS).count() == 2)
    wait_for(lambda: browser_page.evaluate("localStorage.getItem('lms:heartbeat-queue')") == "[]")
    intervals = [event.data["intervals"] for event in LearningEvent.objects.filter(user=learner).order_by("id")]
    assert intervals == [[], [[0, 4]]]


def test_a_beat_refused_by_the_csrf_check_is_kept_and_sent_again(learner_page, learner, live_server):
    browser_page, page_model, _ = learner_page
    csrf_cookie = [cookie for cookie in browser_page.context.cookies() if cookie["name"] == "csrftoken"]
    browser_page.context.clear_cookies(name="csrftoken")
    with browser_page.expect_response(lambda response: "/records/heartbeat/" in response.url) as answer:
        segment(browser_page, 0, 4)
    assert answer.value.status == 403 and answer.value.headers["x-csrf-failure"] == "1"
    assert "새로 고친 뒤" in answer.value.json()["error"]
    assert '"intervals":[]' in browser_page.evaluate("localStorage.getItem('lms:heartbeat-queue')")

    browser_page.context.add_cookies(csrf_cookie)  # a fresh page load gives the browser its token again
    browser_page.clock.run_for(15_000)
    wait_for(lambda: LearningEvent.objects.filter(user=learner, kind=EventKind.PROGRESS).count() == 2)
    wait_for(lambda: browser_page.evaluate("localStorage.getItem('lms:heartbeat-queue')") == "[]")
