"""Writes to the learning records. Every change appends to the event log first."""

import functools
import json
import logging
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from itertools import groupby

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import Page

from lms.people import selectors as people

from . import crediting
from .group_commit import GroupCommit
from . import registry
from .models import CompletionRecord, CompletionSource, EventKind, LearnerClock, LearningEvent, LearningState
from .selectors import evaluation_year_of
from .signals import attempt_restarted, content_completed

logger = logging.getLogger(__name__)


def _state_for_update(user_id, page_id, now):
    """The (user, page) state, row-locked until the transaction ends; created if missing."""
    state, _ = LearningState.objects.select_for_update().get_or_create(
        user_id=user_id, page_id=page_id, defaults={"first_viewed_at": now}
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
            state = _state_for_update(user.pk, page.pk, now)
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
    whatever receivers do (e.g. writing the completion record) commit together or not at all.
    """
    now = now or timezone.now()
    with transaction.atomic():
        state = _state_for_update(user.pk, page.pk, now)
        won = LearningState.objects.filter(pk=state.pk, completed_at__isnull=True).update(completed_at=now)
        if won:
            event = LearningEvent.objects.create(user=user, page=page, kind=EventKind.COMPLETE, created_at=now)
            content_completed.send(sender=page.specific_class, user=user, page=page, event=event)
        state.refresh_from_db()
    return state


RESET_FIELDS = ["watched_intervals", "verified_seconds", "verified_percent", "last_position", "completed_at", "completion_threshold"]


def _reset_progress(state):
    state.watched_intervals, state.verified_seconds, state.verified_percent = [], 0.0, 0.0
    state.last_position, state.completed_at, state.completion_threshold = 0.0, None, None


def restart_attempt(*, user, pages, now=None):
    """Start a fresh attempt at `pages` (e.g. a course and its lessons, to complete it again in a new
    evaluation year): a "restart" event each, and their states back to nothing watched and not complete.
    The events before stay in the log and the completion records already written stay as they are."""
    now = now or timezone.now()
    with transaction.atomic():
        for page in sorted(pages, key=lambda page: page.pk):  # one lock order for every caller
            state = _state_for_update(user.pk, page.pk, now)
            event = LearningEvent.objects.create(user=user, page=page, kind=EventKind.RESTART, created_at=now)
            _reset_progress(state)
            state.save(update_fields=RESET_FIELDS)
            attempt_restarted.send(sender=page.specific_class, user=user, page=page, event=event)


MAX_HOURS = Decimal(1000)


def _valid_hours(hours):
    try:
        hours = Decimal(str(hours))
    except InvalidOperation as error:
        raise ValidationError("인정 시간은 숫자여야 합니다.") from error
    if not hours.is_finite() or hours < 0 or hours >= MAX_HOURS:
        raise ValidationError("인정 시간은 0 이상 1000 미만이어야 합니다.")
    return hours.quantize(Decimal("0.01"))


def _valid_start(started_on, completed_on):
    if started_on is not None and started_on > completed_on:
        raise ValidationError("교육 시작일이 이수일보다 늦을 수 없습니다.")
    return started_on


def _placement_on(user, day):
    """(department, rank) of the person on `day` (당시소속, 당시직급), from the dated roster. Someone never
    on it (a profile made by hand) has only their current profile to go by; someone on it, but not
    on that day, had no department then."""
    placement = people.placement_on(user=user, on=day)
    if placement is not None:
        return placement.department, placement.rank
    if people.membership_history(user=user).exists():
        return None, ""
    profile = getattr(user, "profile", None)
    return (profile.department, profile.rank) if profile else (None, "")


def record_completion(
    *, user, kind, key, title, completed_on, hours, source, evidence, page=None, group="", category="", started_on=None
):
    """Write the person's completion of an item in the evaluation year of `completed_on`.

    Once per (user, kind, key, year), also under concurrent calls: the unique constraint lets one
    insert win and the others return the winner's row. Returns (record, created).
    """
    try:
        learnable = registry.learnable_kind(kind)
    except KeyError:
        raise ValueError(f"등록되지 않은 학습 종류입니다: {kind}") from None
    if source not in CompletionSource.values or source != learnable.source:
        raise ValueError(f"학습 종류 «{kind}»의 이수 구분은 «{learnable.source}»입니다: {source}")
    hours = _valid_hours(hours)
    key = str(key)
    if not key:
        raise ValueError("학습 항목이 비어 있습니다.")
    department, rank = _placement_on(user, completed_on)
    return CompletionRecord.objects.get_or_create(
        user=user,
        item_kind=kind,
        item_key=key,
        evaluation_year=evaluation_year_of(completed_on),
        defaults={
            "item_title": title[:255],
            "item_group": group,
            "category": category,
            "page": page,
            "started_on": _valid_start(started_on, completed_on),
            "completed_on": completed_on,
            "hours": hours,
            "department": department,
            "rank": rank or "",
            "source": source,
            "evidence": evidence or {},
        },
    )


def record_page_completion(*, user, page, kind, event, hours=0, group=""):
    """The completion record of an online page completed by `mark_complete`, whose "complete" event is
    the evidence and whose date the completion date."""
    return record_completion(
        user=user,
        kind=kind,
        key=str(page.pk),
        title=page.title,
        completed_on=timezone.localdate(event.created_at),
        hours=hours,
        source=CompletionSource.ONLINE,
        evidence={"model": "records.learningevent", "pk": event.pk},
        page=page,
        group=group,
    )


def record_completions_of(page_model, *, kind):
    """From now on, every completion of a `page_model` page writes a completion record of `kind`
    (hours 0). Apps call this in AppConfig.ready(), next to registering the kind."""

    def record(sender, user, page, event, **kwargs):
        record_page_completion(user=user, page=page, kind=kind, event=event)

    registry.register_completed_pages(kind, page_model)
    content_completed.connect(record, sender=page_model, weak=False, dispatch_uid=f"completion-record:{kind}:{page_model._meta.label}")


def revoke_completion(*, user, kind, key, evaluation_year):
    """Remove the person's completion of the item in that year (HR correcting an attendance or an
    import; the caller's own evidence row keeps the history). True if there was one."""
    deleted, _ = CompletionRecord.objects.filter(
        user=user, item_kind=kind, item_key=str(key), evaluation_year=evaluation_year
    ).delete()
    return bool(deleted)


def _locked_clocks(user_ids):
    """{user_id: LearnerClock} for the users, row-locked in user order (before any of their states, so
    every path that credits locks alike); missing clocks are created."""
    ids = sorted(set(user_ids))
    clocks = {clock.user_id: clock for clock in _select_clocks(ids)}
    missing = [user_id for user_id in ids if user_id not in clocks]
    if missing:
        LearnerClock.objects.bulk_create([LearnerClock(user_id=user_id) for user_id in missing], ignore_conflicts=True)
        clocks.update({clock.user_id: clock for clock in _select_clocks(missing)})
    return clocks


def _select_clocks(user_ids):
    return LearnerClock.objects.select_for_update().filter(user_id__in=user_ids).order_by("user_id")


def _clock_of(row):
    return crediting.Clock(allowance=row.allowance, last_credit_at=row.last_credit_at)


def _set_clock(row, clock):
    row.allowance, row.last_credit_at = clock.allowance, clock.last_credit_at


def record_time(*, user, page, kind, seconds, since, now=None, data=None, minimum=0.0, unless_complete=False):
    """Append a `kind` event crediting up to `seconds` of wall-clock time the server measured on `page`
    since `since`, taken from the learner's clock. Returns the seconds credited; None, with nothing
    written, when fewer than `minimum` could be (the learner was credited elsewhere meanwhile) or, with
    `unless_complete`, when the page is already complete (e.g. the same confirmation sent twice)."""
    now = now or timezone.now()
    with transaction.atomic():
        row = _locked_clocks([user.pk])[user.pk]
        state = _state_for_update(user.pk, page.pk, now)
        if unless_complete and state.completed_at is not None:
            return None
        clock, credited = crediting.credit_time(_clock_of(row), seconds=seconds, since=since, now=now)
        if credited < minimum:
            return None
        _set_clock(row, clock)
        row.save(update_fields=["allowance", "last_credit_at"])
        time = {"claimed": round(seconds, crediting.PRECISION), "since": since.isoformat(), "credited": credited}
        LearningEvent.objects.create(user=user, page=page, kind=kind, data={**(data or {}), "time": time}, created_at=now)
        state.verified_seconds = round(state.verified_seconds + credited, crediting.PRECISION)
        state.first_viewed_at = min(state.first_viewed_at, now)
        state.save(update_fields=["verified_seconds", "first_viewed_at"])
    return credited


def _progress_of(state):
    return crediting.Progress(
        watched_intervals=state.watched_intervals,
        verified_seconds=state.verified_seconds,
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
    "last_position",
    "last_beat_at",
    "completion_threshold",
]


@dataclass(frozen=True)
class HeartbeatInput:
    """One validated beat of a learner for a page, as the heartbeat view received it."""

    user_id: int
    page_id: int
    beat: object  # beats.Beat
    duration: float
    threshold: int
    received_at: datetime


def record_heartbeat(item):
    """Store one validated beat (a HeartbeatInput) and credit it. Returns (state, stored); a repeated
    event id stores nothing.

    Outside a transaction, beats that arrive at the same moment in this process are written together
    (see `group_commit`); inside one, the beat is written in the caller's transaction.
    """
    if connection.in_atomic_block:
        return record_heartbeats([item])[0]
    return _heartbeat_group.submit(item)


def record_heartbeats(items):
    """Store and credit a batch of beats in one transaction; returns [(state, stored)] in input order.

    Per batch, whatever its size: one SELECT locking the learners' clocks, one locking the states
    involved, one looking up the event ids, one write (on PostgreSQL a single statement inserts the
    events and updates the states and the clocks). Beats are applied in the order they were received,
    so a batch credits exactly what the same beats sent one by one would. Completing a page also runs
    in the batch, each in a savepoint of its own.
    """
    order = sorted(range(len(items)), key=lambda i: items[i].received_at)
    keys = {}  # (user_id, page_id) -> the first beat received for it
    for index in order:
        keys.setdefault((items[index].user_id, items[index].page_id), items[index])
    results = [None] * len(items)
    with transaction.atomic():
        clocks = _locked_clocks([user_id for user_id, _ in keys])
        states = _locked_states(list(keys))
        for key in sorted(keys.keys() - states.keys()):  # first beats; sorted, so batches lock alike
            item = keys[key]
            states[key] = _state_for_update(item.user_id, item.page_id, item.received_at)
        stored = _stored_event_ids(items)
        events, changed = [], {}
        for index in order:
            item = items[index]
            key, event_key = (item.user_id, item.page_id), _event_key(item)
            state = states[key]
            results[index] = (state, event_key not in stored)
            if event_key in stored:
                continue
            stored.add(event_key)
            events.append(_credit(state, clocks[item.user_id], item))
            changed[key] = state
        completing = [key for key, state in changed.items() if _reaches_threshold(state)]
        if events:
            touched = {user_id for user_id, _ in changed}
            _write_beats(
                events, list(changed.values()), [clocks[user_id] for user_id in sorted(touched)], durable=bool(completing)
            )
        for key in completing:
            _complete_in_savepoint(states[key])
    return results


_heartbeat_group = GroupCommit(record_heartbeats)


def _event_key(item):
    return item.user_id, _prepared_event_id(item.beat.event_id)


def _prepared_event_id(event_id):
    """The event id as the database returns it (a UUID on PostgreSQL, hex text on SQLite)."""
    return LearningEvent._meta.get_field("client_event_id").get_db_prep_value(event_id, connection)


def _credit(state, clock_row, item):
    """Apply the beat to the (locked) state and clock; returns the beat's event as a row for
    `_write_beats` (a dict, not a model instance: writers credit hundreds of beats per batch)."""
    beat = item.beat
    progress, clock, credited = crediting.apply_beat(
        _progress_of(state),
        _clock_of(clock_row),
        intervals=beat.intervals,
        rate=beat.rate,
        position=beat.position,
        duration=item.duration,
        now=item.received_at,
    )
    _apply_progress(state, progress, duration=item.duration, threshold=item.threshold)
    _set_clock(clock_row, clock)
    return {
        "user_id": item.user_id,
        "page_id": item.page_id,
        "kind": EventKind.PROGRESS,
        "client_event_id": beat.event_id,
        "created_at": item.received_at,
        "data": {
            "intervals": beat.intervals,
            "rate": beat.rate,
            "position": beat.position,
            "duration": item.duration,
            "threshold": item.threshold,
            "credited": credited,
        },
    }


def _reaches_threshold(state):
    return state.completed_at is None and state.verified_percent >= state.completion_threshold


def _complete_in_savepoint(state):
    """Complete the page; a failure (e.g. in a completion receiver) is logged and leaves the other beats
    of the batch stored. The learner's next beat tries again, since the state still qualifies."""
    try:
        with transaction.atomic():
            completed = mark_complete(
                user=get_user_model().objects.get(pk=state.user_id),
                page=Page.objects.get(pk=state.page_id),
                now=state.last_beat_at,
            )
    except Exception:
        logger.exception("학습 완료 처리에 실패했습니다 (user=%s, page=%s)", state.user_id, state.page_id)
        return
    state.completed_at = completed.completed_at


def _locked_states(keys):
    """{(user_id, page_id): state} for the existing states among `keys`, row-locked in id order."""
    where, params = _pair_in(("s.user_id", "s.page_id"), ("bigint", "bigint"), keys)
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    sql = f"SELECT s.* FROM {LearningState._meta.db_table} s WHERE {where} ORDER BY s.id{lock}"
    return {(state.user_id, state.page_id): state for state in LearningState.objects.raw(sql, params)}


def _stored_event_ids(items):
    """{(user_id, event id)} of the batch's event ids that are already in the log."""
    where, params = _pair_in(("user_id", "client_event_id"), ("bigint", "uuid"), [_event_key(item) for item in items])
    sql = f"SELECT user_id, client_event_id FROM {LearningEvent._meta.db_table} WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return set(cursor.fetchall())


def _pair_in(columns, postgresql_types, pairs):
    """SQL condition "the row's two `columns` are one of `pairs`", and its parameters.

    PostgreSQL gets the pairs as two arrays: one statement text whatever the batch size, joined on the
    unique index. An OR per pair, as SQLite gets, is planned branch by branch: for a writer's batch of
    160 beats it took 25 ms to lock the states and 8.6 ms to look up the events, against 7.5 and 3.2."""
    first, second = columns
    if connection.vendor == "postgresql":
        first_type, second_type = postgresql_types
        condition = f"({first}, {second}) IN (SELECT * FROM unnest(%s::{first_type}[], %s::{second_type}[]))"
        return condition, [[pair[0] for pair in pairs], [pair[1] for pair in pairs]]
    condition = " OR ".join([f"({first} = %s AND {second} = %s)"] * len(pairs))
    return condition, [value for pair in pairs for value in pair]


def _write_beats(events, states, clocks, *, durable):
    """Insert the events and write the states' progress and the clocks, inside the caller's transaction.

    On PostgreSQL this is one round trip, and unless the batch completes some content, PostgreSQL may
    acknowledge the commit before its WAL reaches the disk (synchronous_commit off): waiting for the
    disk on every batch is what limits ingestion, and a crash of the database server (not of Django)
    could then forget at most the beats of its last fraction of a second (3 × wal_writer_delay), never
    corrupt anything. Commits that complete content keep full durability.
    """
    if connection.vendor != "postgresql":
        LearningEvent.objects.bulk_create([LearningEvent(**event) for event in events])
        LearningState.objects.bulk_update(states, PROGRESS_FIELDS)
        LearnerClock.objects.bulk_update(clocks, CLOCK_FIELDS)
        return
    event_rows = json.dumps(
        [
            {**event, "client_event_id": str(event["client_event_id"]), "created_at": event["created_at"].isoformat()}
            for event in events
        ]
    )
    clock_rows = json.dumps([_clock_row(clock) for clock in clocks])
    state_rows = json.dumps([_progress_row(state) for state in states])
    with connection.cursor() as cursor:
        cursor.execute(
            _beats_write_sql(durable),
            [event_rows, clock_rows, [clock.user_id for clock in clocks], state_rows, [state.pk for state in states]],
        )


CLOCK_FIELDS = ["allowance", "last_credit_at"]


def _clock_row(clock):
    return {
        "user_id": clock.user_id,
        "allowance": clock.allowance,
        "last_credit_at": clock.last_credit_at.isoformat() if clock.last_credit_at else None,
    }


def _progress_row(state):
    row = {LearningState._meta.get_field(name).column: getattr(state, name) for name in PROGRESS_FIELDS}
    row["id"] = state.pk
    if state.last_beat_at is not None:
        row["last_beat_at"] = state.last_beat_at.isoformat()
    return row


@functools.cache
def _beats_write_sql(durable):
    """PostgreSQL: insert the events, update the clocks and the states in one statement, whatever the
    batch size.

    Rows travel as two JSON documents that PostgreSQL turns into table rows (jsonb_populate_recordset):
    the statement's text never changes, and encoding JSON costs Python far less than adapting every
    value on its own. The planner cannot see how many rows such a document holds (it assumes 100), so
    the rows' keys also come as arrays: without them PostgreSQL scans the whole table.
    """
    events, clocks, states = LearningEvent._meta.db_table, LearnerClock._meta.db_table, LearningState._meta.db_table
    columns = [LearningState._meta.get_field(name).column for name in PROGRESS_FIELDS]
    sql = (
        f"WITH new_events AS (INSERT INTO {events} (user_id, page_id, kind, data, client_event_id, created_at) "
        f"SELECT user_id, page_id, kind, data, client_event_id, created_at "
        f"FROM jsonb_populate_recordset(NULL::{events}, %s::jsonb)), "
        f"new_clocks AS (UPDATE {clocks} AS c SET allowance = v.allowance, last_credit_at = v.last_credit_at "
        f"FROM jsonb_populate_recordset(NULL::{clocks}, %s::jsonb) AS v "
        f"WHERE c.user_id = ANY(%s) AND c.user_id = v.user_id) "
        f"UPDATE {states} AS s SET "
        + ", ".join(f"{column} = v.{column}" for column in columns)
        + f" FROM jsonb_populate_recordset(NULL::{states}, %s::jsonb) AS v WHERE s.id = ANY(%s) AND s.id = v.id"
    )
    # Several statements in one round trip: Django's psycopg cursors bind parameters client-side.
    return sql if durable else "SET LOCAL synchronous_commit TO OFF; " + sql


STATE_FIELDS = [
    "watched_intervals",
    "verified_seconds",
    "verified_percent",
    "last_position",
    "first_viewed_at",
    "last_beat_at",
    "completed_at",
    "completion_threshold",
]


def _replay(events):
    """Fresh, unsaved states {page_id: state} and the clock computed from one learner's events, all pages
    together in time order: their one clock is what each credit was taken from."""
    states, clock = {}, crediting.NEW_CLOCK
    for event in events:
        state = states.get(event.page_id)
        if state is None:
            state = states[event.page_id] = LearningState(
                user_id=event.user_id, page_id=event.page_id, first_viewed_at=event.created_at
            )
        state.first_viewed_at = min(state.first_viewed_at, event.created_at)
        if event.kind == EventKind.PROGRESS:
            beat = event.data
            progress, clock, _ = crediting.apply_beat(
                _progress_of(state),
                clock,
                intervals=beat["intervals"],
                rate=beat["rate"],
                position=beat["position"],
                duration=beat["duration"],
                now=event.created_at,
            )
            _apply_progress(state, progress, duration=beat["duration"], threshold=beat["threshold"])
        elif "time" in event.data:  # wall-clock time credited (SCORM commit, reading confirmed)
            time = event.data["time"]
            clock, credited = crediting.credit_time(
                clock, seconds=time["claimed"], since=datetime.fromisoformat(time["since"]), now=event.created_at
            )
            state.verified_seconds = round(state.verified_seconds + credited, crediting.PRECISION)
        elif event.kind == EventKind.COMPLETE and state.completed_at is None:
            state.completed_at = event.created_at
        elif event.kind == EventKind.RESTART:
            _reset_progress(state)
    return states, clock


def rebuild_states(*, user_ids=None, page_ids=None):
    """Recompute every LearningState (optionally only some users/pages) and the learners' clocks from the
    event log.

    A learner's clock spans all their pages, so each learner concerned is replayed across all their
    pages; only the states asked for are written. Returns the number of states written. States
    without any event are removed.
    """
    states = LearningState.objects.all()
    learners = LearningEvent.objects.all()
    if user_ids is not None:
        states, learners = states.filter(user_id__in=user_ids), learners.filter(user_id__in=user_ids)
    if page_ids is not None:
        states, learners = states.filter(page_id__in=page_ids), learners.filter(page_id__in=page_ids)
    wanted_pages = None if page_ids is None else set(page_ids)
    learner_ids = learners.values("user_id").distinct()
    events = LearningEvent.objects.filter(user_id__in=learner_ids).order_by("user_id", "created_at", "id")
    written = 0
    with transaction.atomic():
        kept = set()
        for user_id, group in groupby(events.iterator(), key=lambda event: event.user_id):
            rebuilt, clock = _replay(list(group))
            LearnerClock.objects.update_or_create(
                user_id=user_id, defaults={"allowance": clock.allowance, "last_credit_at": clock.last_credit_at}
            )
            for page_id, state in rebuilt.items():
                if wanted_pages is not None and page_id not in wanted_pages:
                    continue
                stored, _ = LearningState.objects.select_for_update().update_or_create(
                    user_id=user_id,
                    page_id=page_id,
                    defaults={field: getattr(state, field) for field in STATE_FIELDS},
                )
                kept.add(stored.pk)
                written += 1
        states.exclude(pk__in=kept).delete()
    return written
