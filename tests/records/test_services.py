import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections

from lms.people.models import User
from lms.records import crediting, services
from lms.records.beats import Beat
from lms.records.models import CompletionRecord, EventKind, LearnerClock, LearningEvent, LearningState
from lms.records.selectors import state_for
from lms.records.services import STATE_FIELDS
from lms.records.signals import content_completed

from .conftest import make_video, make_video_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions():
    received = []

    def receiver(sender, user, page, **kwargs):
        received.append((sender, user.pk, page.pk))

    content_completed.connect(receiver)
    yield received
    content_completed.disconnect(receiver)


def test_record_event_appends_and_creates_the_state(learner, video_page):
    assert state_for(learner, video_page) is None
    event = services.record_event(user=learner, page=video_page, kind="view", data={"from": "목록"})
    assert event.kind == EventKind.VIEW and event.data == {"from": "목록"}
    state = state_for(learner, video_page)
    assert state.first_viewed_at == event.created_at
    assert state.completed_at is None


def test_record_event_is_idempotent_by_client_event_id(learner, video_page):
    client_id = uuid.uuid4()
    first = services.record_event(user=learner, page=video_page, kind="download", client_event_id=client_id)
    again = services.record_event(user=learner, page=video_page, kind="download", client_event_id=client_id)
    assert first.pk == again.pk
    assert LearningEvent.objects.count() == 1


def test_record_event_refuses_unknown_kinds(learner, video_page):
    with pytest.raises(ValueError, match="알 수 없는"):
        services.record_event(user=learner, page=video_page, kind="teleport")


def test_mark_complete_is_idempotent_and_signals_once(learner, video_page, completions):
    first = services.mark_complete(user=learner, page=video_page)
    second = services.mark_complete(user=learner, page=video_page)
    assert first.completed_at == second.completed_at is not None
    assert LearningEvent.objects.filter(kind=EventKind.COMPLETE).count() == 1
    assert completions == [(type(video_page), learner.pk, video_page.pk)]


def test_completing_writes_the_completion_record_in_the_year_of_its_seoul_date(learner, video_page, clock):
    clock.current = dt.datetime(2024, 12, 31, 15, 30, tzinfo=dt.UTC)  # 2025-01-01 00:30 in Seoul
    services.mark_complete(user=learner, page=video_page)
    services.mark_complete(user=learner, page=video_page)
    record = CompletionRecord.objects.get()
    event = LearningEvent.objects.get(kind=EventKind.COMPLETE)
    assert (record.item_kind, record.item_key, record.page_id) == ("campaign", str(video_page.pk), video_page.pk)
    assert record.completed_on == dt.date(2025, 1, 1) and record.evaluation_year == 2025
    assert record.hours == 0 and record.source == "online"
    assert record.evidence == {"model": "records.learningevent", "pk": event.pk}


def test_restart_attempt_starts_over_and_rebuild_agrees(learner, video_page, clock, completions):
    clock.current = dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC)
    heartbeat(learner, video_page, [])
    clock.advance(30)
    heartbeat(learner, video_page, [[0, 30]])
    services.mark_complete(user=learner, page=video_page)
    clock.advance(86400 * 400)
    services.restart_attempt(user=learner, pages=[video_page])
    state = state_for(learner, video_page)
    assert state.completed_at is None and state.watched_intervals == [] and state.verified_seconds == 0
    before = {field: getattr(state, field) for field in STATE_FIELDS}
    services.rebuild_states()
    state.refresh_from_db()
    assert {field: getattr(state, field) for field in STATE_FIELDS} == before
    services.mark_complete(user=learner, page=video_page)
    assert len(completions) == 2
    assert sorted(CompletionRecord.objects.values_list("evaluation_year", flat=True)) == [2025, 2026]


def heartbeat(user, page, intervals, *, rate=1.0, event_id=None):
    beat = Beat(event_id=event_id or uuid.uuid4(), intervals=intervals, rate=rate, position=intervals[-1][1] if intervals else 0)
    return services.record_heartbeat(
        services.HeartbeatInput(
            user_id=user.pk,
            page_id=page.pk,
            beat=beat,
            duration=page.video.duration,
            threshold=page.completion_threshold,
            received_at=timezone.now(),
        )
    )


def live_states():
    return {
        (s.user_id, s.page_id): {field: getattr(s, field) for field in STATE_FIELDS}
        for s in LearningState.objects.order_by("pk")
    }


def test_rebuild_equals_live_after_a_realistic_sequence(learner, clock, completions):
    short = make_video_page(make_video(duration=60), title="짧은 영상", threshold=80)
    long = make_video_page(make_video(duration=600), title="긴 영상")
    colleague = User.objects.create_user(username="2024002", password="x", name="이응대")

    services.record_event(user=learner, page=short, kind="view")
    heartbeat(learner, short, [])
    for start in range(0, 45, 15):  # plays 0–45 in real time
        clock.advance(15)
        heartbeat(learner, short, [[start, start + 15]])
    clock.advance(3)
    heartbeat(learner, short, [[45, 47]])  # seeks back and forth: overlapping and out-of-order ranges
    clock.advance(2)
    duplicate = uuid.uuid4()
    heartbeat(learner, short, [[40, 49]], event_id=duplicate)
    heartbeat(learner, short, [[40, 49]], event_id=duplicate)
    clock.advance(20)
    heartbeat(learner, short, [[55, 60], [49, 55]])  # completes at 80 %
    clock.advance(10)
    heartbeat(learner, short, [[0, 10]])  # rewatch after completion
    heartbeat(colleague, long, [])
    clock.advance(15)
    heartbeat(colleague, long, [[0, 600]], rate=2.0)  # tries to skip: capped
    clock.advance(5)
    heartbeat(colleague, long, [[100, 130]])
    services.record_event(user=colleague, page=short, kind="download")
    services.mark_complete(user=colleague, page=long)  # e.g. completed by another rule
    services.record_event(user=learner, page=long, kind="read")

    live = live_states()
    assert live[(learner.pk, short.pk)]["completed_at"] is not None
    assert live[(learner.pk, short.pk)]["completion_threshold"] == 80
    assert live[(colleague.pk, long.pk)]["verified_seconds"] < 60
    assert len(completions) == 2

    LearningState.objects.update(watched_intervals=[], verified_seconds=0, verified_percent=0, completed_at=None)
    LearningState.objects.filter(user=colleague, page=short).delete()
    call_command("rebuild_learning_states", stdout=open("/dev/null", "w"))
    assert live_states() == live
    assert len(completions) == 2, "a rebuild replays the log; it does not complete anything again"


def run_concurrently(count, target):
    """Run `target` in `count` threads released at the same moment; each thread uses its own connection."""
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="동시성 검증은 PostgreSQL에서 합니다(SQLite는 쓰기를 직렬화합니다)."
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_completion_and_its_record_exactly_once_under_concurrency(learner, video_page, completions):
    run_concurrently(8, lambda: services.mark_complete(user=learner, page=video_page))
    assert LearningEvent.objects.filter(kind=EventKind.COMPLETE).count() == 1
    assert LearningState.objects.count() == 1
    assert CompletionRecord.objects.count() == 1
    assert len(completions) == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_beats_share_one_clock_and_lose_nothing(learner, video_page, clock):
    heartbeat(learner, video_page, [])
    clock.advance(15)
    run_concurrently(6, lambda: heartbeat(learner, video_page, [[0, 600]]))
    state = state_for(learner, video_page)
    assert LearningEvent.objects.filter(kind=EventKind.PROGRESS).count() == 7
    assert state.verified_seconds == pytest.approx(15 * 1.1 + 5)


def beat_input(user, page, intervals, received_at, *, event_id=None):
    beat = Beat(event_id=event_id or uuid.uuid4(), intervals=intervals, rate=1.0, position=intervals[-1][1] if intervals else 0)
    return services.HeartbeatInput(user.pk, page.pk, beat, page.video.duration, page.completion_threshold, received_at)


def test_a_batch_credits_exactly_what_the_same_beats_one_by_one_would(learner, video_page):
    colleague = User.objects.create_user(username="2024002", password="x", name="이응대")
    start = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
    repeated = uuid.uuid4()

    def beats():
        at = [start + dt.timedelta(seconds=s) for s in (0, 15, 30, 31, 45)]
        return [
            beat_input(learner, video_page, [], at[0]),
            beat_input(colleague, video_page, [], at[0]),
            beat_input(learner, video_page, [[0, 15]], at[1], event_id=repeated),
            beat_input(learner, video_page, [[0, 15]], at[1], event_id=repeated),  # sent twice
            beat_input(colleague, video_page, [[0, 15]], at[1]),
            beat_input(learner, video_page, [[15, 600]], at[3]),  # skips ahead: only the clock's share counts
            beat_input(colleague, video_page, [[15, 30]], at[2]),
        ]

    for item in beats():
        services.record_heartbeats([item])
    one_by_one = live_states()
    one_by_one_events = list(LearningEvent.objects.order_by("user_id", "created_at").values_list("user_id", "data"))
    LearningEvent.objects.all().delete()
    LearningState.objects.all().delete()
    LearnerClock.objects.all().delete()

    batch = beats()
    results = services.record_heartbeats(list(reversed(batch)))  # arrival order within a batch does not matter
    assert live_states() == one_by_one
    assert list(LearningEvent.objects.order_by("user_id", "created_at").values_list("user_id", "data")) == one_by_one_events
    stored = [result[1] for result in reversed(results)]
    assert stored[:2] + stored[4:] == [True] * 5 and sorted(stored[2:4]) == [False, True], "the repeat is stored once"
    assert LearningEvent.objects.filter(kind=EventKind.PROGRESS).count() == 6
    learner_state = LearningState.objects.get(user=learner)
    assert learner_state.verified_seconds == pytest.approx(5 + 31 * 1.1)


def test_a_failing_completion_keeps_the_rest_of_the_batch(learner, monkeypatch, caplog):
    video_page = make_video_page(make_video(duration=crediting.GRACE_SECONDS), title="짧은 영상")
    colleague = User.objects.create_user(username="2024002", password="x", name="이응대")
    start = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
    for user in (learner, colleague):
        services.record_heartbeats([beat_input(user, video_page, [], start)])
    real_mark_complete = services.mark_complete

    def mark_complete(*, user, page, now=None):
        if user.pk == learner.pk:
            raise RuntimeError("수신자 오류")
        return real_mark_complete(user=user, page=page, now=now)

    monkeypatch.setattr(services, "mark_complete", mark_complete)
    later = start + dt.timedelta(seconds=600)
    results = services.record_heartbeats(
        [beat_input(user, video_page, [[0, crediting.GRACE_SECONDS]], later) for user in (learner, colleague)]
    )
    assert [stored for _, stored in results] == [True, True]
    assert results[0][0].completed_at is None and results[1][0].completed_at is not None
    assert "학습 완료 처리에 실패" in caplog.text
    assert LearningState.objects.get(user=learner).verified_percent == 100

    monkeypatch.setattr(services, "mark_complete", real_mark_complete)
    again = services.record_heartbeats([beat_input(learner, video_page, [], later + dt.timedelta(seconds=15))])
    assert again[0][0].completed_at is not None, "the next beat completes what the failure left"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL의 실행 계획을 확인합니다.")
def test_the_batch_write_finds_its_states_by_index_among_thousands(video_page):
    """PostgreSQL cannot tell how many rows a JSON document holds; unless the write names its states' ids,
    it joins by scanning every state, which costs more than the rest of the batch at a few thousand staff."""
    staff = User.objects.bulk_create([User(username=f"S{number:05d}", name=f"직원{number}") for number in range(3000)])
    first_viewed = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
    LearningState.objects.bulk_create([LearningState(user=user, page=video_page, first_viewed_at=first_viewed) for user in staff])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {LearningState._meta.db_table}")
    plans = []

    def explain_the_write(execute, sql, params, many, context):
        if "jsonb_populate_recordset" in sql:
            statement = sql.rsplit("; ", 1)[-1]  # the write itself, after SET LOCAL
            with connection.connection.cursor() as raw:  # not through this wrapper again
                raw.execute("EXPLAIN " + statement, params)
                plans.append("\n".join(row[0] for row in raw.fetchall()))
        return execute(sql, params, many, context)

    later = first_viewed + dt.timedelta(minutes=1)
    with connection.execute_wrapper(explain_the_write):
        services.record_heartbeats([beat_input(user, video_page, [[0, 15]], later) for user in staff[:3]])
    assert len(plans) == 1
    assert f"Seq Scan on {LearningState._meta.db_table}" not in plans[0], plans[0]
    assert LearningState.objects.filter(verified_seconds__gt=0).count() == 3
