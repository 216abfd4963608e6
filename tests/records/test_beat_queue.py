"""The beat queue (lms/records/beat_queue.py) against the real Redis: beats answered at once, stored by
writers in batches, crediting exactly as the direct path does, retried after a failure, never lost."""

import datetime as dt
import os
import signal
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

from lms.people.models import User
from lms.records import beat_queue, services
from lms.records.beats import RATE_LIMIT_BEATS
from lms.records.models import EventKind, LearnerClock, LearningEvent, LearningState
from tests.jobs.test_worker_recovery import processes, start, wait_for, worker_env  # noqa: F401 (fixtures)
from tests.records.conftest import beat_body, make_video, make_video_page, post_beat, progress_answer
from tests.records.conftest import start as start_playback

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_on(redis_cache, settings):
    settings.RECORDS_BEAT_QUEUE = True
    return redis_cache


def waiting():
    return beat_queue.backlog().waiting


def write_all(writer=None):
    """Run writer batches until the queue is empty; returns how many beats they stored."""
    writer = writer or beat_queue.Writer("test-writer")
    stored = 0
    while (count := writer.write_batch()) or waiting():
        stored += count
    return stored


def watch(client, page, clock, seconds, *, step=15):
    """Play `seconds` of the video from the start at 1×, one beat per `step` seconds of the clock."""
    responses = []
    for start_at in range(0, seconds, step):
        clock.advance(step)
        responses.append(post_beat(client, page, beat_body([[start_at, start_at + step]])))
    return responses


def test_a_queued_beat_is_answered_at_once_and_stored_by_a_writer(queue_on, learner_client, video_page, clock):
    first = start_playback(learner_client, video_page)
    assert progress_answer(first) == {"recorded": True, "queued": True, "verified_percent": None, "completed": False}
    clock.advance(15)
    post_beat(learner_client, video_page, beat_body([[0, 15]]))
    assert LearningEvent.objects.count() == 0 and waiting() == 2

    assert write_all() == 2
    state = LearningState.objects.get()
    assert state.watched_intervals == [[0.0, 15.0]] and state.verified_percent == 2.5
    assert LearningEvent.objects.filter(kind=EventKind.PROGRESS).count() == 2

    clock.advance(15)
    answer = progress_answer(post_beat(learner_client, video_page, beat_body([[15, 30]])))
    # The answer reports what the writers stored before this beat.
    assert answer == {"recorded": True, "queued": True, "verified_percent": 2.5, "completed": False}


def test_queued_beats_credit_exactly_what_direct_beats_do(queue_on, settings, video_page, clock):
    """Skipping ahead, a replayed event id and an impossible burst, sent through both paths."""
    learners = [User.objects.create_user(username=f"20240{n}", password="pw-test-1234", name="학습자") for n in (1, 2)]
    clients = []
    for learner in learners:
        client = Client()
        client.force_login(learner)
        clients.append(client)
    replayed = uuid.uuid4()
    script = [
        (15, beat_body([[0, 15]])),
        (15, beat_body([[15, 30]], event_id=replayed)),
        (15, beat_body([[15, 30]], event_id=replayed)),
        (1, beat_body([[300, 590]])),  # seeking far ahead and claiming it all after 1 s
        (15, beat_body([[30, 45]])),
    ]
    for queued, client in zip((False, True), clients, strict=True):
        settings.RECORDS_BEAT_QUEUE = queued
        for seconds, body in script:
            clock.advance(seconds)
            assert post_beat(client, video_page, body).status_code == 200
        clock.advance(-sum(seconds for seconds, _ in script))
    write_all()
    direct, queued = (LearningState.objects.get(user=learner) for learner in learners)
    for field in ("watched_intervals", "verified_seconds", "last_position", "last_beat_at"):
        assert getattr(queued, field) == getattr(direct, field), field
    direct_clock, queued_clock = (LearnerClock.objects.get(user=learner) for learner in learners)
    assert (queued_clock.allowance, queued_clock.last_credit_at) == (direct_clock.allowance, direct_clock.last_credit_at)
    assert LearningEvent.objects.filter(user=learners[1]).count() == LearningEvent.objects.filter(user=learners[0]).count() == 4


def test_the_rate_limit_holds_and_queues_nothing_over_it(queue_on, learner_client, video_page):
    statuses = [post_beat(learner_client, video_page, beat_body([])).status_code for _ in range(RATE_LIMIT_BEATS + 2)]
    assert statuses == [200] * RATE_LIMIT_BEATS + [429, 429]
    assert waiting() == RATE_LIMIT_BEATS
    assert write_all() == RATE_LIMIT_BEATS


def test_redis_unavailable_answers_503_so_the_player_sends_the_beat_again(queue_on, learner_client, video_page, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def redis_down():
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(beat_queue, "_client", redis_down)
    response = post_beat(learner_client, video_page, beat_body([[0, 5]]))
    assert response.status_code == 503 and "다시 보냅니다" in response.json()["error"]


def test_each_thread_queues_its_beats_over_one_connection_of_its_own(queue_on):
    mine = beat_queue._own_connection()
    others = []
    thread = threading.Thread(target=lambda: others.append(beat_queue._own_connection()))
    thread.start()
    thread.join()
    assert beat_queue._own_connection() is mine and others[0] is not mine


def test_a_redis_that_forgot_the_enqueue_script_still_queues_the_beat(queue_on, learner_client, video_page):
    post_beat(learner_client, video_page, beat_body([[0, 5]]))
    beat_queue._client().script_flush()  # as after a Redis restart
    response = post_beat(learner_client, video_page, beat_body([[5, 10]]))
    assert response.status_code == 200 and response.json()["queued"]
    assert waiting() == 2


def test_a_dropped_connection_is_reopened_and_the_beat_queued(queue_on, learner_client, video_page):
    post_beat(learner_client, video_page, beat_body([[0, 5]]))
    connection = beat_queue._own_connection()  # the test client runs the view in this thread
    connection.send_command("CLIENT", "ID")
    beat_queue._client().client_kill_filter(_id=connection.read_response())
    response = post_beat(learner_client, video_page, beat_body([[5, 10]]))
    assert response.status_code == 200 and response.json()["queued"]
    assert waiting() == 2


def test_a_bad_body_is_refused_and_not_queued(queue_on, learner_client, video_page):
    response = post_beat(learner_client, video_page, beat_body([[0, 5]], rate=16))
    assert response.status_code == 400 and "재생 속도" in response.json()["error"]
    assert waiting() == 0


def test_a_failed_batch_stays_queued_is_shown_and_is_stored_on_retry(queue_on, learner_client, video_page, clock, monkeypatch):
    start_playback(learner_client, video_page)
    clock.advance(15)
    post_beat(learner_client, video_page, beat_body([[0, 15]]))
    store = services.record_heartbeats

    def database_down(items):
        raise OperationalError("연결 거부: 데이터베이스 점검 중")

    writer = beat_queue.Writer("test-writer")
    monkeypatch.setattr(services, "record_heartbeats", database_down)
    with pytest.raises(OperationalError):
        writer.write_batch()
    backlog = beat_queue.backlog()
    assert backlog.waiting == 2
    assert backlog.last_failure["writer"] == "test-writer" and "데이터베이스 점검 중" in backlog.last_failure["message"]
    assert not LearningEvent.objects.exists()

    monkeypatch.setattr(services, "record_heartbeats", store)
    assert writer.write_batch() == 2  # its own pending beats first
    backlog = beat_queue.backlog()
    assert backlog.waiting == 0 and backlog.last_failure is None
    assert LearningState.objects.get().verified_seconds == 15


def test_beats_a_dead_writer_left_are_claimed_by_another(queue_on, learner_client, video_page, clock, monkeypatch):
    start_playback(learner_client, video_page)
    monkeypatch.setattr(services, "record_heartbeats", lambda items: (_ for _ in ()).throw(OperationalError("x")))
    with pytest.raises(OperationalError):
        beat_queue.Writer("died").write_batch()
    monkeypatch.undo()
    survivor = beat_queue.Writer("survivor")
    assert survivor.write_batch() == 0  # not before they have waited CLAIM_IDLE_SECONDS
    monkeypatch.setattr(beat_queue, "CLAIM_IDLE_SECONDS", 0)
    assert survivor.write_batch() == 1
    assert LearningEvent.objects.count() == 1 and waiting() == 0


def test_a_beat_queued_twice_is_stored_once(queue_on, learner_client, video_page, clock):
    body = beat_body([])
    post_beat(learner_client, video_page, body)
    post_beat(learner_client, video_page, body)  # the player re-sends when an answer is lost
    write_all()
    assert LearningEvent.objects.count() == 1


def test_an_unreadable_entry_is_kept_aside_and_the_rest_is_stored(queue_on, learner_client, video_page):
    client = queue_on.client.get_client(write=True)
    client.xadd(queue_on.make_and_validate_key(beat_queue.STREAM), {"beat": b"not json"})
    start_playback(learner_client, video_page)
    assert write_all() == 1
    backlog = beat_queue.backlog()
    assert backlog.waiting == 0 and backlog.rejected == 1
    kept = client.xrange(queue_on.make_and_validate_key(beat_queue.REJECTED))
    assert kept[0][1] == {b"beat": b"not json"}


def test_completion_through_the_queue_completes_once_and_progress_reports_it(queue_on, learner_client, clock):
    page = make_video_page(make_video(duration=60, title="짧은 사례 영상"), threshold=90)
    start_playback(learner_client, page)
    watch(learner_client, page, clock, 60)
    assert learner_client.get(f"/records/progress/{page.pk}/").json() == {"verified_percent": 0.0, "completed": False}
    write_all()
    assert learner_client.get(f"/records/progress/{page.pk}/").json() == {"verified_percent": 100.0, "completed": True}
    assert LearningEvent.objects.filter(kind=EventKind.COMPLETE).count() == 1
    clock.advance(15)
    answer = progress_answer(post_beat(learner_client, page, beat_body([[0, 15]])))
    assert answer["completed"] is True and answer["verified_percent"] == 100.0
    write_all()
    assert LearningEvent.objects.filter(kind=EventKind.COMPLETE).count() == 1


def test_progress_needs_a_login_and_a_tracked_page(learner_client, video_page):
    assert Client().get(f"/records/progress/{video_page.pk}/").status_code == 403
    missing = learner_client.get(f"/records/progress/{video_page.pk + 1000}/")
    assert missing.status_code == 404 and "영상 페이지" in missing.json()["error"]
    assert learner_client.post(f"/records/progress/{video_page.pk}/").status_code == 405


def test_the_dashboard_shows_administrators_the_backlog_and_the_last_failure(queue_on, learner_client, video_page, monkeypatch):
    admin = User.objects.create_superuser(username="admin01", password="pw-test-1234", name="관리자")
    staff = Client()
    staff.force_login(admin)
    start_playback(learner_client, video_page)
    monkeypatch.setattr(services, "record_heartbeats", lambda items: (_ for _ in ()).throw(OperationalError("점검 중")))
    with pytest.raises(OperationalError):
        beat_queue.Writer("machine-2").write_batch()
    dashboard = staff.get("/admin/").content.decode()
    assert "시청 기록 대기열" in dashboard
    assert "1건" in dashboard and "machine-2" in dashboard and "점검 중" in dashboard
    assert "밀리거나 실패하고 있습니다" in dashboard


def test_the_dashboard_panel_is_only_for_administrators_and_only_with_the_queue(redis_cache, settings, learner, video_page):
    editor = User.objects.create_user(username="editor01", password="pw-test-1234", name="편집자", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    settings.RECORDS_BEAT_QUEUE = True
    assert "시청 기록 대기열" not in client.get("/admin/").content.decode()
    admin = User.objects.create_superuser(username="admin01", password="pw-test-1234", name="관리자")
    client.force_login(admin)
    assert "시청 기록 대기열" in client.get("/admin/").content.decode()
    settings.RECORDS_BEAT_QUEUE = False
    assert "시청 기록 대기열" not in client.get("/admin/").content.decode()


def test_an_earlier_beat_stored_after_a_later_one_does_not_rewind_the_clock():
    from lms.records import crediting

    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    later, later_clock, _ = crediting.apply_beat(
        crediting.NEW_PROGRESS,
        crediting.NEW_CLOCK,
        intervals=[],
        rate=1.0,
        position=0,
        duration=600,
        now=t0 + dt.timedelta(seconds=30),
    )
    earlier, earlier_clock, _ = crediting.apply_beat(
        later, later_clock, intervals=[], rate=1.0, position=0, duration=600, now=t0
    )
    assert earlier.last_beat_at == earlier_clock.last_credit_at == t0 + dt.timedelta(seconds=30)
    assert earlier_clock.allowance == later_clock.allowance


def _writer_pids(supervisor):
    children = subprocess.run(["pgrep", "-P", str(supervisor.pid)], capture_output=True, text=True).stdout.split()
    return [pid for pid in children if b"write_beats" in Path(f"/proc/{pid}/cmdline").read_bytes()]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_a_writer_and_restarts_it_when_it_dies(queue_on, settings, worker_env, processes, learner_client, video_page):
    worker_env.update(
        LMS_TEST_REDIS_URL=settings.CACHES["default"]["LOCATION"],
        LMS_TEST_CACHE_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
    )
    supervisor = start(processes, worker_env, "run_worker", "--queues", "default", "--publish-every", "0")
    wait_for(lambda: len(_writer_pids(supervisor)) == 1, 60, "저장기 실행")
    start_beat = start_playback(learner_client, video_page)
    assert start_beat.json()["queued"] is True
    wait_for(lambda: LearningEvent.objects.count() == 1, 60, "저장됨")

    first_writer = _writer_pids(supervisor)[0]
    os.kill(int(first_writer), signal.SIGKILL)
    post_beat(learner_client, video_page, beat_body([]))
    wait_for(lambda: _writer_pids(supervisor) not in ([], [first_writer]), 60, "저장기 재시작")
    wait_for(lambda: LearningEvent.objects.count() == 2, 90, "다시 저장됨")
