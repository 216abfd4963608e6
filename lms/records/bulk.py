"""Many completion records at once (an imported attendance file, a completions import, the demo).

The same rules as `services.record_completion` — a registered kind with its own source, valid hours,
당시소속 and 당시직급 on the completion date, once per (user, kind, key, year) — written with one
INSERT per batch instead of a get-or-create per person. A person who already has the item's record
for that year keeps it (ON CONFLICT DO NOTHING), as with record_completion.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from lms.people import selectors as people

from . import registry
from .models import CompletionRecord, CompletionSource, EventKind, LearningEvent, LearningState
from .selectors import evaluation_year_of
from .services import _placement_on, _valid_hours, _valid_start

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Completion:
    user: object  # a User; with `profile__department` selected, placement costs no query
    kind: str
    key: str
    title: str
    completed_on: object
    hours: object
    source: str
    evidence: dict
    group: str = ""
    page: object = None
    category: str = ""
    started_on: object = None


def _placements(completions):
    """{(user id, day): (department, rank)}: one dated-roster query per distinct day; people not on the
    roster that day get record_completion's own answer."""
    days = defaultdict(set)
    for completion in completions:
        days[completion.completed_on].add(completion.user.pk)
    found = {}
    for day, user_ids in days.items():
        for user_id, placement in people.placements_on(user_ids=user_ids, on=day).items():
            found[(user_id, day)] = (placement.department, placement.rank)
    for completion in completions:
        key = (completion.user.pk, completion.completed_on)
        if key not in found:
            found[key] = _placement_on(completion.user, completion.completed_on)
    return found


def record_completions(completions) -> None:
    completions = list(completions)
    placements = _placements(completions)
    rows = []
    for completion in completions:
        try:
            learnable = registry.learnable_kind(completion.kind)
        except KeyError:
            raise ValueError(f"등록되지 않은 학습 종류입니다: {completion.kind}") from None
        if completion.source != learnable.source:
            raise ValueError(f"학습 종류 «{completion.kind}»의 이수 구분은 «{learnable.source}»입니다: {completion.source}")
        if not str(completion.key):
            raise ValueError("학습 항목이 비어 있습니다.")
        department, rank = placements[(completion.user.pk, completion.completed_on)]
        rows.append(
            CompletionRecord(
                user=completion.user,
                item_kind=completion.kind,
                item_key=str(completion.key),
                item_title=completion.title[:255],
                item_group=completion.group,
                category=completion.category,
                page=completion.page,
                started_on=_valid_start(completion.started_on, completion.completed_on),
                completed_on=completion.completed_on,
                evaluation_year=evaluation_year_of(completion.completed_on),
                hours=_valid_hours(completion.hours),
                department=department,
                rank=rank or "",
                source=completion.source,
                evidence=completion.evidence or {},
            )
        )
    CompletionRecord.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


@dataclass(frozen=True)
class PageCompletion:
    user: object  # a User, with `profile__department` selected
    page: object  # a live page of a kind registered with services.record_completions_of
    kind: str
    completed_at: object  # an aware datetime


def complete_pages(completions) -> int:
    """Many online page completions at once, each left as `services.mark_complete` leaves one: the
    "complete" event, the page's state complete, and the completion record with the event as its
    evidence (the demo's history of the whole organisation). A person who already has a state for the
    page is skipped, so what the services wrote stays as it is. Returns how many were written."""
    completions = list(completions)
    existing = set(
        LearningState.objects.filter(
            user_id__in={c.user.pk for c in completions}, page_id__in={c.page.pk for c in completions}
        ).values_list("user_id", "page_id")
    )
    chosen, seen = [], set(existing)
    for completion in completions:
        key = (completion.user.pk, completion.page.pk)
        if key not in seen:
            seen.add(key)
            chosen.append(completion)
    events = LearningEvent.objects.bulk_create(
        [LearningEvent(user=c.user, page=c.page, kind=EventKind.COMPLETE, created_at=c.completed_at) for c in chosen],
        batch_size=BATCH_SIZE,
    )
    LearningState.objects.bulk_create(
        [
            LearningState(
                user=c.user, page=c.page, verified_percent=100, completed_at=c.completed_at,
                first_viewed_at=c.completed_at - timedelta(minutes=5), last_beat_at=c.completed_at,
            )
            for c in chosen
        ],
        batch_size=BATCH_SIZE,
    )
    record_completions(
        Completion(
            user=c.user, kind=c.kind, key=str(c.page.pk), title=c.page.title,
            completed_on=timezone.localdate(c.completed_at), hours=0, source=CompletionSource.ONLINE,
            evidence={"model": "records.learningevent", "pk": event.pk}, page=c.page,
        )
        for c, event in zip(chosen, events)
    )
    return len(chosen)
