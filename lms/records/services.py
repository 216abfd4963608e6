"""Writes to the learning records. Every change appends to the event log first."""

import functools
import json
from dataclasses import fields
from itertools import groupby
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import Page

from . import crediting
from .models import EventKind, HoursLedgerEntry, LearningEvent, LearningState
from .signals import content_completed


def _state_for_update(user, page_id, now):
    """The (user, page) state, row-locked until the transaction ends; created if missing."""
    state, _ = LearningState.objects.select_for_update().get_or_create(
        user=user, page_id=page_id, defaults={"first_viewed_at": now}
    )
    return state


def record_event(*, user, page, kind, data=None, client_event_id=None, now=None):
    """Append one event. A repeated `client_event_id` of the same user returns the stored event."""
    if kind not in EventKind.values:
        raise ValueError(f"알 수 없는 학습 이벤트 종류입니다: {kind}")
    now = now or timezone.now()
    try:
        with transaction.atomic():
            event = LearningEvent.objects.create(
                user=user, page=page, kind=kind, data=data or {}, client_event_id=client_event_id, created_at=now
            )
            state = _state_for_update(user, page.pk, now)
            if state.first_viewed_at > now:  # an earlier event committed after a later one created the state
                state.first_viewed_at = now
                state.save(update_fields=["first_viewed_at"])
    except IntegrityError:
        if client_event_id is None:
            raise
        return LearningEvent.objects.get(user=user, client_event_id=client_event_id)
    return event


def mark_complete(*, user, page, now=None):
    """Complete the page for the user exactly once, even when called concurrently.

    The conditional UPDATE lets only one caller move `completed_at` from NULL; that caller logs the
    "complete" event and sends `content_completed` inside the same transaction, so completion and
    whatever receivers do (e.g. granting hours) commit together or not at all.
    """
    now = now or timezone.now()
    with transaction.atomic():
        state = _state_for_update(user, page.pk, now)
        won = LearningState.objects.filter(pk=state.pk, completed_at__isnull=True).update(completed_at=now)
        if won:
            LearningEvent.objects.create(user=user, page=page, kind=EventKind.COMPLETE, created_at=now)
            content_completed.send(sender=page.specific_class, user=user, page=page)
        state.refresh_from_db()
    return state


def grant_hours(*, user, page, hours, source_label):
    """Write the ledger row for (user, page) once; later calls return the existing row unchanged."""
    try:
        hours = Decimal(str(hours))
    except InvalidOperation as error:
        raise ValidationError("인정 시간은 숫자여야 합니다.") from error
    if not hours.is_finite() or hours <= 0 or hours >= 1000:
        raise ValidationError("인정 시간은 0보다 크고 1000보다 작아야 합니다.")
    completed_at = LearningState.objects.filter(user=user, page=page).values_list("completed_at", flat=True).first()
    earned_on = timezone.localdate(completed_at) if completed_at else timezone.localdate()
    entry, _ = HoursLedgerEntry.objects.get_or_create(
        user=user,
        page=page,
        defaults={
            "hours": hours,
            "source_label": source_label[:200],
            "earned_on": earned_on,
            "evaluation_year": earned_on.year,
        },
    )
    return entry


def _progress_of(state):
    return crediting.Progress(
        watched_intervals=state.watched_intervals,
        verified_seconds=state.verified_seconds,
        credit_allowance=state.credit_allowance,
        last_position=state.last_position,
        last_beat_at=state.last_beat_at,
    )


def _apply_progress(state, progress, *, duration, threshold):
    for field in fields(progress):  # not asdict(): it deep-copies the interval lists on every beat
        setattr(state, field.name, getattr(progress, field.name))
    state.verified_percent = crediting.percent_of(progress.verified_seconds, duration)
    if state.completed_at is None:
        state.completion_threshold = threshold


PROGRESS_FIELDS = [
    "watched_intervals",
    "verified_seconds",
    "verified_percent",
    "credit_allowance",
    "last_position",
    "last_beat_at",
    "completion_threshold",
]


def record_heartbeat(*, user, page_id, beat, duration, threshold, now=None):
    """Store one validated beat and credit it. Returns (state, stored); a repeated event id stores nothing.

    Per beat: one SELECT that locks the state and checks the event id, then one write (on PostgreSQL a
    single statement inserts the event and updates the state).
    """
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked_state_with_duplicate_flag(user.pk, page_id, beat.event_id)
        if state is None:  # the first beat for this page
            state = _state_for_update(user, page_id, now)
            state.duplicate = LearningEvent.objects.filter(user=user, client_event_id=beat.event_id).exists()
        if state.duplicate:
            return state, False
        progress, credited = crediting.apply_beat(
            _progress_of(state),
            intervals=beat.intervals,
            rate=beat.rate,
            position=beat.position,
            duration=duration,
            now=now,
        )
        event = LearningEvent(
            user=user,
            page_id=page_id,
            kind=EventKind.PROGRESS,
            client_event_id=beat.event_id,
            created_at=now,
            data={
                "intervals": beat.intervals,
                "rate": beat.rate,
                "position": beat.position,
                "duration": duration,
                "threshold": threshold,
                "credited": credited,
            },
        )
        _apply_progress(state, progress, duration=duration, threshold=threshold)
        completes = state.completed_at is None and state.verified_percent >= threshold
        _save_beat(event, state, durable=completes)
        if completes:
            state = mark_complete(user=user, page=Page.objects.get(pk=page_id), now=now)
    return state, True


def _locked_state_with_duplicate_flag(user_id, page_id, event_id):
    """The (user, page) state, row-locked, with `duplicate` telling whether the event id is stored.

    Hand-written because every beat runs it: building the same query with the ORM (select_for_update,
    annotate(Exists(...))) costs more Python time than the database takes to answer it.
    """
    event_id = LearningEvent._meta.get_field("client_event_id").get_db_prep_value(event_id, connection)
    sql = _locked_state_sql(connection.features.has_select_for_update_of)
    return next(iter(LearningState.objects.raw(sql, [user_id, event_id, user_id, page_id])), None)


@functools.cache
def _locked_state_sql(can_lock):
    return (
        f"SELECT s.*, EXISTS (SELECT 1 FROM {LearningEvent._meta.db_table} e "
        f"WHERE e.user_id = %s AND e.client_event_id = %s) AS duplicate "
        f"FROM {LearningState._meta.db_table} s WHERE s.user_id = %s AND s.page_id = %s"
        + (" FOR UPDATE OF s" if can_lock else "")
    )


def _save_beat(event, state, *, durable):
    """Insert the beat's event and write the state's progress, inside the caller's transaction.

    On PostgreSQL this is one round trip, and unless the beat completes the content, PostgreSQL may
    acknowledge the commit before its WAL reaches the disk (synchronous_commit off): waiting for the
    disk on every beat is what limits ingestion, and a crash of the database server (not of Django)
    could then forget at most the beats of its last fraction of a second (3 × wal_writer_delay), never
    corrupt anything. Commits that complete content keep full durability.
    """
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        state.save(update_fields=PROGRESS_FIELDS)
        return
    sql = _beat_write_sql(durable)
    params = [
        event.user_id, event.page_id, event.kind, json.dumps(event.data), event.client_event_id, event.created_at,
        *(json.dumps(state.watched_intervals) if name == "watched_intervals" else getattr(state, name)
          for name in PROGRESS_FIELDS),
        state.pk,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@functools.cache
def _beat_write_sql(durable):
    """PostgreSQL: insert the event and update the state in one statement (built once per process)."""
    assignments = ", ".join(
        f"{LearningState._meta.get_field(name).column} = %s" + ("::jsonb" if name == "watched_intervals" else "")
        for name in PROGRESS_FIELDS
    )
    sql = (
        f"WITH new_event AS (INSERT INTO {LearningEvent._meta.db_table} "
        "(user_id, page_id, kind, data, client_event_id, created_at) VALUES (%s, %s, %s, %s::jsonb, %s, %s)) "
        f"UPDATE {LearningState._meta.db_table} SET {assignments} WHERE id = %s"
    )
    # Several statements in one round trip: Django's psycopg cursors bind parameters client-side.
    return sql if durable else "SET LOCAL synchronous_commit TO OFF; " + sql


STATE_FIELDS = [
    "watched_intervals",
    "verified_seconds",
    "verified_percent",
    "credit_allowance",
    "last_position",
    "first_viewed_at",
    "last_beat_at",
    "completed_at",
    "completion_threshold",
]


def _replay(events):
    """A fresh, unsaved state computed from one (user, page)'s events in log order."""
    first = events[0]
    state = LearningState(user_id=first.user_id, page_id=first.page_id, first_viewed_at=first.created_at)
    progress = crediting.NEW_PROGRESS
    for event in events:
        state.first_viewed_at = min(state.first_viewed_at, event.created_at)
        if event.kind == EventKind.PROGRESS:
            beat = event.data
            progress, _ = crediting.apply_beat(
                progress,
                intervals=beat["intervals"],
                rate=beat["rate"],
                position=beat["position"],
                duration=beat["duration"],
                now=event.created_at,
            )
            _apply_progress(state, progress, duration=beat["duration"], threshold=beat["threshold"])
        elif event.kind == EventKind.COMPLETE and state.completed_at is None:
            state.completed_at = event.created_at
    return state


def rebuild_states(*, user_ids=None, page_ids=None):
    """Recompute every LearningState (optionally only some users/pages) from the event log.

    Returns the number of states written. States without any event are removed.
    """
    events = LearningEvent.objects.order_by("user_id", "page_id", "id")
    states = LearningState.objects.all()
    if user_ids is not None:
        events, states = events.filter(user_id__in=user_ids), states.filter(user_id__in=user_ids)
    if page_ids is not None:
        events, states = events.filter(page_id__in=page_ids), states.filter(page_id__in=page_ids)
    written = 0
    with transaction.atomic():
        kept = set()
        for (user_id, page_id), group in groupby(events.iterator(), key=lambda e: (e.user_id, e.page_id)):
            rebuilt = _replay(list(group))
            state, _ = LearningState.objects.select_for_update().update_or_create(
                user_id=user_id,
                page_id=page_id,
                defaults={field: getattr(rebuilt, field) for field in STATE_FIELDS},
            )
            kept.add(state.pk)
            written += 1
        states.exclude(pk__in=kept).delete()
    return written
