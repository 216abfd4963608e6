"""Writes to the roster's history (dated memberships): what one person's history needs for them to be
somewhere on a day, and the bulk writes that do it.

The rules (docs/architecture.md, lms/people):
- A change on day D ends the current membership on D and starts the new one on D (half-open periods).
- A membership that would start and end on the same day is deleted instead (a same-day correction: an
  earlier import with the same 기준일 was wrong), and when the membership that ended on D has the very
  department and rank asked for, it is reopened instead of starting a copy of it.
- History after D is never rewritten. When the person already has history after D (a later membership,
  or a deactivation after D), a file dated D must agree with what the history says about D: it then
  changes nothing for that person; if it disagrees, the row is refused with the reason.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .models import Membership


@dataclass(frozen=True)
class HistoryEntry:
    pk: int
    department_code: str
    rank: str
    valid_from: date
    valid_until: date | None

    def covers(self, day):
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


@dataclass(frozen=True)
class PlacementStep:
    """What to write so that a person's history says what a roster dated `day` says about them."""

    close: int | None = None  # the membership to end on the day (deleted if it starts that day)
    reopen: int | None = None  # the membership that ended on the day, with the same values: reopened
    open: bool = False  # start a new membership on the day
    behind: bool = False  # the person has history after the day, which agrees with the file: touch nothing

    @property
    def writes(self):
        return bool(self.close or self.reopen or self.open)

    @property
    def places(self):
        """The person ends up at the file's department and rank from the day on."""
        return bool(self.reopen or self.open)


NOTHING = PlacementStep()
BEHIND = PlacementStep(behind=True)


class HistoryConflict(Exception):
    """The file's 기준일 is older than this person's history and disagrees with it."""


def histories_by_username(usernames=None) -> dict[str, list[HistoryEntry]]:
    """Everyone's memberships (or those of `usernames`), oldest first; one query."""
    memberships = Membership.objects.order_by("valid_from")
    if usernames is not None:
        memberships = memberships.filter(user__username__in=list(usernames))
    histories = {}
    for username, *values in memberships.values_list(
        "user__username", "pk", "department__code", "rank", "valid_from", "valid_until"
    ):
        histories.setdefault(username, []).append(HistoryEntry(*values))
    return histories


def step_to(history, *, department_code, rank, day) -> PlacementStep:
    """The step that places a person at (department_code, rank) from `day` on; raises HistoryConflict."""
    covering = next((entry for entry in history if entry.covers(day)), None)
    matches = covering is not None and (covering.department_code, covering.rank) == (department_code, rank)
    latest = history[-1] if history else None
    if latest is not None and _has_history_after(latest, day):
        if matches:
            return BEHIND
        raise HistoryConflict(_conflict_message(latest, covering, day))
    if matches:
        return NOTHING
    close = covering.pk if covering is not None else None
    ended_on_day = next(
        (entry for entry in history if entry.valid_until == day and entry.pk != close),
        None,
    )
    if ended_on_day is not None and (ended_on_day.department_code, ended_on_day.rank) == (department_code, rank):
        return PlacementStep(close=close, reopen=ended_on_day.pk)
    return PlacementStep(close=close, open=True)


def step_to_leave(history, *, day) -> PlacementStep:
    """The step that ends a person's membership on `day` (a leaver of a full roster dated `day`)."""
    latest = history[-1] if history else None
    if latest is None or latest.valid_until is not None:
        return NOTHING
    if latest.valid_from > day:
        return BEHIND  # they joined (or moved) after the day: a file of that day cannot say they left
    return PlacementStep(close=latest.pk)


def _has_history_after(latest, day):
    """A membership started after the day, or the latest one ended after it (a transfer or a leave)."""
    return latest.valid_from > day or (latest.valid_until is not None and latest.valid_until > day)


def _conflict_message(latest, covering, day):
    if latest.valid_from > day:
        later = f"{latest.valid_from:%Y-%m-%d}에 시작한 소속"
    else:
        later = f"{latest.valid_until:%Y-%m-%d}의 비활성화"
    then = f"그날의 이력은 {covering.department_code} · {covering.rank or '직급 없음'}입니다" if covering else "그날은 소속 이력이 없습니다"
    return (
        f"기준일({day:%Y-%m-%d})이 이 직원의 최근 이력({later})보다 이른데 파일의 부서·직급이 기준일 당시와 다릅니다"
        f"({then}). 이후의 이력을 덮어쓰지 않도록 적용하지 않습니다. 기준일을 확인해 주세요."
    )


@dataclass(frozen=True)
class Placing:
    user_id: int
    department_id: int | None  # None for a leaver, whose step only ends a membership
    rank: str
    step: PlacementStep


def write_steps(placings, *, day, upload=None) -> None:
    """Write many people's steps in a few bulk queries (ends first: a person has one open membership)."""
    placings = [placing for placing in placings if placing.step.writes]
    closes = [placing.step.close for placing in placings if placing.step.close]
    reopens = [placing.step.reopen for placing in placings if placing.step.reopen]
    for start in range(0, len(closes), 1000):
        chunk = closes[start : start + 1000]
        Membership.objects.filter(pk__in=chunk, valid_from=day).delete()
        Membership.objects.filter(pk__in=chunk).update(valid_until=day, closed_by_upload=upload)
    for start in range(0, len(reopens), 1000):
        Membership.objects.filter(pk__in=reopens[start : start + 1000]).update(valid_until=None, closed_by_upload=None)
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=placing.user_id,
                department_id=placing.department_id,
                rank=placing.rank,
                valid_from=day,
                upload=upload,
            )
            for placing in placings
            if placing.step.open
        ],
        batch_size=1000,
    )


@transaction.atomic
def record_placement(*, user, department, rank, on) -> PlacementStep:
    """One person's move (the staff admin's edit), as of `on`; raises HistoryConflict."""
    history = histories_by_username([user.username]).get(user.username, [])
    step = step_to(history, department_code=department.code, rank=rank, day=on)
    write_steps([Placing(user.pk, department.pk, rank, step)], day=on)
    return step
