import datetime as dt
import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from lms.records import crediting
from lms.records.beats import RATE_LIMIT_BEATS
from lms.records.models import EventKind, LearningEvent, LearningState
from lms.records.selectors import state_for

from .conftest import VIDEO_SECONDS, beat_body, make_video, make_video_page, post_beat, progress_answer, start

pytestmark = pytest.mark.django_db


def watch_normally(client, page, clock, until, *, step=15, begin=0):
    position = begin
    response = None
    while position < until:
        clock.advance(step)
        end = min(position + step, until)
        response = post_beat(client, page, beat_body([[position, end]]))
        assert response.status_code == 200, response.content
        position = end
    return response


def test_watching_in_real_time_completes_at_the_threshold(learner_client, learner, video_page, clock):
    start(learner_client, video_page)
    response = watch_normally(learner_client, video_page, clock, until=525)
    assert progress_answer(response) == {"recorded": True, "verified_percent": 87.5, "completed": False}
    response = watch_normally(learner_client, video_page, clock, until=540, begin=525)
    assert progress_answer(response) == {"recorded": True, "verified_percent": 90.0, "completed": True}
    state = state_for(learner, video_page)
    assert state.watched_intervals == [[0.0, 540.0]] and state.last_position == 540
    assert state.completion_threshold == 90
    assert LearningEvent.objects.filter(kind=EventKind.COMPLETE).count() == 1


def test_the_per_page_threshold_is_used(learner_client, learner, clock):
    page = make_video_page(make_video(duration=100), threshold=60)
    start(learner_client, page)
    assert watch_normally(learner_client, page, clock, until=60).json()["completed"] is True
    assert state_for(learner, page).completion_threshold == 60


def test_duplicates_are_stored_once_and_out_of_order_beats_are_harmless(learner_client, learner, video_page, clock):
    start(learner_client, video_page)
    clock.advance(15)
    first = beat_body([[0, 15]])
    assert post_beat(learner_client, video_page, first).status_code == 200
    clock.advance(15)
    second = beat_body([[15, 30]])
    assert post_beat(learner_client, video_page, second).status_code == 200
    for body in (first, second, first):  # retries of an offline queue, in any order
        response = post_beat(learner_client, video_page, body)
        assert response.status_code == 200
        assert response.json()["verified_percent"] == 5.0
    assert LearningEvent.objects.filter(kind=EventKind.PROGRESS).count() == 3
    # A beat that was queued offline arrives after a newer one: its range still counts, once.
    clock.advance(30)
    post_beat(learner_client, video_page, beat_body([[45, 60]]))
    response = post_beat(learner_client, video_page, beat_body([[30, 45]]))
    assert state_for(learner, video_page).watched_intervals == [[0.0, 60.0]]
    assert response.json()["verified_percent"] == 10.0


# --- known bypasses ---------------------------------------------------------------------------------


def test_seeking_to_the_end_does_not_complete(learner_client, learner, video_page, clock):
    start(learner_client, video_page)
    clock.advance(10)
    post_beat(learner_client, video_page, beat_body([[0, 10]]))
    clock.advance(15)  # seeks to the end and lets it play out: only the played range counts
    response = post_beat(learner_client, video_page, beat_body([[VIDEO_SECONDS - 15, VIDEO_SECONDS]]))
    assert progress_answer(response) == {"recorded": True, "verified_percent": 4.17, "completed": False}


def test_repeated_seeks_and_reloads_do_not_add_up(learner_client, learner, video_page, clock):
    for reload in range(10):  # each reload: a start beat, a little play after a seek, the same ranges again
        start(learner_client, video_page)
        clock.advance(3)
        post_beat(learner_client, video_page, beat_body([[0, 3], [300, 303], [597, 600]]))
    state = state_for(learner, video_page)
    assert state.verified_seconds <= 30 * 1.1 + 5
    assert state.completed_at is None


def test_sixteen_times_speed_is_refused_and_claimed_two_times_is_capped(learner_client, learner, video_page, clock):
    start(learner_client, video_page)
    clock.advance(15)
    response = post_beat(learner_client, video_page, beat_body([[0, 240]], rate=16))
    assert response.status_code == 400 and "재생 속도" in response.json()["error"]
    # Lying about the rate does not help: the server only credits what the clock allows at 2×.
    for _ in range(4):
        clock.advance(15)
        post_beat(learner_client, video_page, beat_body([[0, 600]], rate=2.0))
    state = state_for(learner, video_page)
    # The 30 s before the first 2× beat bank at most the grace; the 45 s after it earn at 2 × 1.1.
    banked = min(30 * 2.0 * 1.1 + 5, crediting.GRACE_SECONDS)
    assert state.verified_seconds == pytest.approx(banked + 45 * 2.0 * 1.1)
    assert state.completed_at is None


def test_two_tabs_share_one_clock(client, learner, video_page, clock):
    first_tab, second_tab = Client(), Client()
    first_tab.force_login(learner)
    second_tab.force_login(learner)
    start(first_tab, video_page)
    for step in range(10):
        clock.advance(15)
        post_beat(first_tab, video_page, beat_body([[step * 15, step * 15 + 15]]))
        post_beat(second_tab, video_page, beat_body([[300 + step * 15, 315 + step * 15]]))
    state = state_for(learner, video_page)
    assert state.verified_seconds <= 150 * 1.1 + 5, "two tabs do not watch twice as fast"
    assert state.verified_seconds >= 150


def test_posting_beats_by_hand_faster_than_real_time_is_capped(learner_client, learner, video_page, clock):
    start(learner_client, video_page)
    for step in range(RATE_LIMIT_BEATS - 1):
        clock.advance(0.5)
        post_beat(learner_client, video_page, beat_body([[step * 60, step * 60 + 60]]))
    state = state_for(learner, video_page)
    assert state.verified_seconds <= 4.5 * 1.1 + 5
    assert state.completed_at is None


# --- validation: every bad body is a Korean 400 and nothing is stored -------------------------------

INVALID_BODIES = {
    "not json": ("{intervals:", "JSON"),
    "not an object": ([1, 2], "형식"),
    "missing event id": ({"intervals": [], "rate": 1, "position": 0}, "event_id"),
    "bad event id": (beat_body([[0, 5]], event_id="abc"), "event_id"),
    "negative start": (beat_body([[-5, 5]]), "음수"),
    "end before start": (beat_body([[10, 5]], position=5), "끝이 시작보다"),
    "NaN position": ('{"event_id": "%s", "intervals": [], "rate": 1, "position": NaN}' % uuid.uuid4(), "재생 위치"),
    "NaN interval": ('{"event_id": "%s", "intervals": [[0, NaN]], "rate": 1, "position": 1}' % uuid.uuid4(), "숫자"),
    "infinite rate": ('{"event_id": "%s", "intervals": [], "rate": Infinity, "position": 1}' % uuid.uuid4(), "재생 속도"),
    "string number": (beat_body([["0", "5"]]), "숫자"),
    "boolean number": (beat_body([[True, 5]]), "숫자"),
    "three numbers": (beat_body([[0, 5, 9]]), "두 숫자"),
    "past the duration": (beat_body([[590, VIDEO_SECONDS + 30]]), "영상 길이"),
    "position past the duration": (beat_body([[0, 5]], position=VIDEO_SECONDS + 60), "범위"),
    "negative position": (beat_body([[0, 5]], position=-1), "범위"),
    "rate too slow": (beat_body([[0, 5]], rate=0.1), "재생 속도"),
    "rate too fast": (beat_body([[0, 5]], rate=4), "재생 속도"),
    "rate missing": ({"event_id": str(uuid.uuid4()), "intervals": [], "position": 0}, "재생 속도"),
    "intervals not a list": (beat_body("0-5", position=0), "목록"),
    "too many intervals": (beat_body([[i, i + 0.5] for i in range(60)]), "50개"),
    "negative duration": (beat_body([[0, 5]], duration=-3), "영상 길이"),
    "huge body": (beat_body([[0, 5]], padding="가" * 9000), "너무 큽니다"),
}


@pytest.mark.parametrize("body, message", INVALID_BODIES.values(), ids=INVALID_BODIES.keys())
def test_invalid_bodies_are_refused_with_korean_messages_and_nothing_stored(
    learner_client, video_page, body, message
):
    response = post_beat(learner_client, video_page, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not LearningEvent.objects.exists()
    assert not LearningState.objects.exists()


def test_the_video_length_tolerance_clips_to_the_real_length(learner_client, learner, video_page, clock):
    start(learner_client, video_page)
    clock.advance(15)
    response = post_beat(learner_client, video_page, beat_body([[590, VIDEO_SECONDS + 1]], position=VIDEO_SECONDS + 1))
    assert response.status_code == 200
    state = state_for(learner, video_page)
    assert state.watched_intervals == [[590.0, 600.0]] and state.last_position == 600


# --- protection and access ------------------------------------------------------------------------


def test_csrf_is_enforced(learner, video_page):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    assert post_beat(browser, video_page, beat_body([])).status_code == 403
    assert not LearningEvent.objects.exists()
    token = "a" * 32
    browser.cookies["csrftoken"] = token
    response = post_beat(browser, video_page, beat_body([]), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert LearningEvent.objects.filter(kind=EventKind.PROGRESS).count() == 1


def test_only_post(learner_client, video_page):
    assert learner_client.get(f"/records/heartbeat/{video_page.pk}/").status_code == 405


def test_rate_limited_per_user(learner_client, video_page, client):
    statuses = [post_beat(learner_client, video_page, beat_body([])).status_code for _ in range(RATE_LIMIT_BEATS + 2)]
    assert statuses[:RATE_LIMIT_BEATS] == [200] * RATE_LIMIT_BEATS
    assert statuses[RATE_LIMIT_BEATS:] == [429, 429]
    limited = post_beat(learner_client, video_page, beat_body([]))
    assert "잠시 후" in limited.json()["error"]
    assert LearningEvent.objects.count() == RATE_LIMIT_BEATS


def test_rate_limit_counts_in_redis_with_an_expiry(redis_cache, learner, monkeypatch):
    from lms.records import beats

    assert [beats.allow_beat(learner.pk) for _ in range(RATE_LIMIT_BEATS + 1)] == [True] * RATE_LIMIT_BEATS + [False]
    window = int(timezone.now().timestamp() // beats.RATE_LIMIT_WINDOW_SECONDS)
    key = redis_cache.make_and_validate_key(f"records:beats:{learner.pk}:{window}")
    client = redis_cache.client.get_client(write=False)
    assert 0 < client.ttl(key) <= beats.RATE_LIMIT_WINDOW_SECONDS + 1  # windows do not pile up in Redis
    assert redis_cache.get(f"records:beats:{learner.pk}:{window}") == RATE_LIMIT_BEATS + 1
    # The next window starts from zero.
    later = timezone.now() + dt.timedelta(seconds=beats.RATE_LIMIT_WINDOW_SECONDS)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert beats.allow_beat(learner.pk)


def test_anonymous_is_refused(client, video_page):
    response = post_beat(client, video_page, beat_body([]))
    assert response.status_code == 403 and "로그인" in response.json()["error"]
    assert not LearningEvent.objects.exists()


def test_anonymous_on_public_content_is_accepted_but_not_recorded(client, video):
    page = make_video_page(video, is_public=True)
    response = post_beat(client, page, beat_body([[0, 5]]))
    assert response.status_code == 200 and response.json()["recorded"] is False
    assert not LearningEvent.objects.exists()


def test_a_page_that_is_not_live_is_refused(learner_client, video):
    draft = make_video_page(video, live=False)
    assert post_beat(learner_client, draft, beat_body([])).status_code == 404


def test_unpublishing_refuses_beats_at_once(learner_client, video_page):
    assert post_beat(learner_client, video_page, beat_body([])).status_code == 200
    video_page.unpublish()
    response = post_beat(learner_client, video_page, beat_body([]))
    assert response.status_code == 404 and "영상 페이지가 아닙니다" in response.json()["error"]


def test_pages_without_a_tracked_video_are_refused(learner_client, learner):
    without_video = make_video_page(make_video(), title="영상이 빠진 페이지")
    type(without_video).objects.filter(pk=without_video.pk).update(video=None)
    unprocessed = make_video_page(make_video(duration=None))
    plain_page = without_video.get_parent()
    for page in (without_video, unprocessed, plain_page):
        assert post_beat(learner_client, page, beat_body([])).status_code == 404
    assert post_beat(learner_client, type("Missing", (), {"pk": 987654})(), beat_body([])).status_code == 404
    assert not LearningEvent.objects.exists()


def test_group_view_restrictions_are_respected(learner_client, learner, video_page):
    hr = Group.objects.create(name="인사 담당자 테스트")
    restriction = PageViewRestriction.objects.create(page=video_page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(hr)
    response = post_beat(learner_client, video_page, beat_body([]))
    assert response.status_code == 403 and "권한" in response.json()["error"]
    learner.groups.add(hr)
    assert post_beat(learner_client, video_page, beat_body([])).status_code == 200


def test_a_restriction_on_a_parent_applies(learner_client, video_page):
    PageViewRestriction.objects.create(
        page=video_page.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="비밀"
    )
    assert post_beat(learner_client, video_page, beat_body([])).status_code == 403


def test_response_is_json_with_korean_not_escaped(learner_client, video_page):
    response = post_beat(learner_client, video_page, beat_body([[-1, 0]]))
    assert "음수" in response.content.decode()
    assert json.loads(response.content)["error"]


def test_a_beat_costs_few_queries(learner_client, video_page, clock, django_assert_max_num_queries):
    start(learner_client, video_page)
    clock.advance(15)
    # session, user, then: locking SELECTs of the learner's clock and state, the duplicate check, the write
    # (PostgreSQL: SET LOCAL synchronous_commit and one statement for the event, the clock and the state;
    # SQLite: an INSERT and two UPDATEs) + SAVEPOINT/RELEASE of the test transaction. The page lookup is cached.
    with django_assert_max_num_queries(9):
        assert post_beat(learner_client, video_page, beat_body([[0, 15]])).status_code == 200


def test_each_process_remembers_a_tracked_page_for_a_few_seconds(learner_client, video_page, monkeypatch):
    """Most beats skip the cache round trip; a change made elsewhere is seen once the memo expires."""
    from django.core.cache import cache

    from lms.records import selectors

    assert post_beat(learner_client, video_page, beat_body([])).status_code == 200
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args))
    assert post_beat(learner_client, video_page, beat_body([])).status_code == 200
    assert not [key for key in reads if "tracked-content" in key]

    now = selectors.time.monotonic()
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now + selectors.TRACKED_CONTENT_MEMO_SECONDS + 1)
    assert post_beat(learner_client, video_page, beat_body([])).status_code == 200
    assert [key for key in reads if "tracked-content" in key]


def test_a_database_failure_answers_503_so_the_player_sends_the_beat_again(learner_client, video_page, monkeypatch):
    from django.db import OperationalError

    from lms.records import services

    def unavailable(item):
        raise OperationalError("connection refused")

    monkeypatch.setattr(services, "record_heartbeat", unavailable)
    response = post_beat(learner_client, video_page, beat_body([[0, 5]]))
    assert response.status_code == 503 and "다시 보냅니다" in response.json()["error"]
