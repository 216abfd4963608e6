"""Staff roster import: parse → dry-run plan → apply in one transaction.

Decisions (also in docs/people.md):
- A file with any bad row is refused as a whole: the preview lists every error at once and apply
  does nothing until the file is fixed, so a roster is never half-applied.
- Apply re-reads the file and re-plans inside its transaction, so what is applied matches the
  database at that moment, not a possibly stale preview.
- Every import is as of its 기준일 (reference date, default today, never in the future), and writes
  the roster's history (Membership, lms/people/history.py): a transfer or a rank change ends the old
  membership and starts a new one on that day, a hire's starts, a leaver's ends. An import dated in the
  past never rewrites later history: a row that disagrees with it is refused with the reason, one that
  agrees changes nothing (not even name or e-mail: the file is older than what we know).
- Staff missing from a FULL import are deactivated (user.is_active=False, profile.active_until=
  the 기준일), never deleted: their learning records must survive. Superusers are never deactivated,
  nor is anyone whose history starts after the 기준일. Staff who re-appear are reactivated.
- New users get an unusable password: they sign in through the city's SSO later (or an admin sets
  a password). The demo loader sets demo passwords itself.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from lms.home.korean import josa

from . import roles
from .backends import forget_cached_users
from .history import BEHIND, HistoryConflict, Placing, histories_by_username, step_to, step_to_leave, write_steps
from .models import Department, StaffProfile, User
from .tabular import TableError, read_table

EMPLOYEE_NUMBER, NAME, DEPARTMENT_CODE, RANK, EMAIL = "직원번호", "성명", "부서코드", "직급", "이메일"
REQUIRED_COLUMNS = [EMPLOYEE_NUMBER, NAME, DEPARTMENT_CODE, RANK, EMAIL]
MAX_LENGTHS = {EMPLOYEE_NUMBER: 32, NAME: 50, RANK: 30, EMAIL: 254}
BATCH_SIZE = 1000


@dataclass(frozen=True)
class RosterRow:
    row_number: int
    employee_number: str
    name: str
    department_code: str
    rank: str
    email: str


@dataclass(frozen=True)
class RosterError:
    row_number: int | None  # None: the file as a whole
    message: str

    def __str__(self):
        return f"{self.row_number}행: {self.message}" if self.row_number else self.message


@dataclass
class ParsedRoster:
    rows: list[RosterRow] = field(default_factory=list)  # every row, bad ones too
    errors: list[RosterError] = field(default_factory=list)
    employee_numbers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class RosterChange:
    row: RosterRow
    changes: tuple[str, ...]  # Korean labels of what changes, e.g. ("부서", "재활성화")


@dataclass(frozen=True)
class Deactivation:
    employee_number: str
    name: str


HISTORY_ONLY = "부서 이력 기록"  # the profile is right but its history lacks the membership


@dataclass
class RosterPlan:
    full_import: bool
    reference_date: date = field(default_factory=timezone.localdate)
    errors: list[RosterError] = field(default_factory=list)
    to_create: list[RosterRow] = field(default_factory=list)
    to_update: list[RosterChange] = field(default_factory=list)
    unchanged: list[RosterRow] = field(default_factory=list)
    to_deactivate: list[Deactivation] = field(default_factory=list)
    # Missing from a full import dated before their latest membership began: kept (see step_to_leave).
    kept_by_later_history: list[Deactivation] = field(default_factory=list)
    active_staff: int = 0  # staff a full import could deactivate (active, with a profile, not superusers)
    steps: dict = field(default_factory=dict)  # employee number → PlacementStep (history writes)

    @property
    def can_apply(self):
        return not self.errors

    @property
    def needs_deactivation_confirmation(self):
        """A full import that would deactivate more than ROSTER_DEACTIVATION_CONFIRM_SHARE of active staff.

        A one-row file sent as a full roster (the wrong sheet, a filter left on in Excel) would otherwise
        deactivate nearly everyone in one click; HR must then type the number to show they meant it.
        """
        share = settings.ROSTER_DEACTIVATION_CONFIRM_SHARE
        return bool(self.to_deactivate) and len(self.to_deactivate) > share * self.active_staff

    def deactivation_warning(self):
        count, total = len(self.to_deactivate), self.active_staff
        return (
            f"재직 중인 직원 {total:,}명 중 {count:,}명({count / total:.1%})이 비활성화됩니다. "
            f"전체 명단이 맞는지 확인해 주세요. 적용하려면 비활성화될 인원 수 {josa(count, '를')} 입력해야 합니다."
        )

    @property
    def changes_anything(self):
        return bool(self.to_create or self.to_update or self.to_deactivate)

    def counts(self):
        steps = self.steps.values()
        return {
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "unchanged": len(self.unchanged),
            "deactivated": len(self.to_deactivate),
            "kept": len(self.kept_by_later_history),
            "errors": len(self.errors),
            "memberships_opened": sum(1 for step in steps if step.places),
            "memberships_closed": sum(1 for step in steps if step.close),
        }

    def summary(self):
        counts = self.counts()
        text = (
            f"추가 {counts['created']}명, 수정 {counts['updated']}명, 변경 없음 {counts['unchanged']}명"
        )
        if self.full_import:
            text += f", 비활성화 {counts['deactivated']}명"
        text += f" (기준일 {self.reference_date:%Y-%m-%d}: 소속 시작 {counts['memberships_opened']}건, 종료 {counts['memberships_closed']}건)"
        return text + (f", 오류 {counts['errors']}건" if self.errors else "")


class DeactivationNotConfirmed(Exception):
    """A full import would deactivate many staff and the typed number does not match; nothing was written."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__(
            f"비활성화될 인원 수 {josa(len(plan.to_deactivate), '를')} 정확히 입력해야 적용됩니다. 아무것도 바꾸지 않았습니다."
        )


class RosterRefused(Exception):
    """Apply was asked for a roster that still has errors; nothing was written."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__(f"명단에 오류가 {len(plan.errors)}건 있어 적용하지 않았습니다.")


def parse_roster(data: bytes, filename: str = "") -> ParsedRoster:
    """Read the file and check every row on its own (no database access)."""
    try:
        table = read_table(data, filename)
    except TableError as error:
        return ParsedRoster(errors=[RosterError(None, str(error))])
    missing = [column for column in REQUIRED_COLUMNS if column not in table.headers]
    if missing:
        return ParsedRoster(
            errors=[
                RosterError(
                    None,
                    f"필수 열이 없습니다: {', '.join(missing)}. 첫 줄에 "
                    f"{', '.join(REQUIRED_COLUMNS)} 열 이름이 있어야 합니다.",
                )
            ]
        )
    if not table.rows:
        return ParsedRoster(errors=[RosterError(None, "열 이름만 있고 직원이 한 명도 없습니다.")])

    parsed = ParsedRoster()
    first_row_of = {}
    for number, values in table.rows:
        row = RosterRow(
            row_number=number,
            employee_number=values[EMPLOYEE_NUMBER],
            name=values[NAME],
            department_code=values[DEPARTMENT_CODE],
            rank=values[RANK],
            email=values[EMAIL],
        )
        row_errors = _row_errors(row, values)
        parsed.employee_numbers.add(row.employee_number)
        if row.employee_number:
            if row.employee_number in first_row_of:
                row_errors.append(
                    f"직원번호 {josa(row.employee_number, '가')} {first_row_of[row.employee_number]}행과 중복됩니다."
                )
            else:
                first_row_of[row.employee_number] = number
        parsed.errors.extend(RosterError(number, message) for message in row_errors)
        parsed.rows.append(row)
    return parsed


def _row_errors(row, values):
    errors = []
    if not row.employee_number:
        errors.append("직원번호가 비어 있습니다.")
    if not row.name:
        errors.append("성명이 비어 있습니다.")
    if not row.department_code:
        errors.append("부서코드가 비어 있습니다.")
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            errors.append(f"{josa(column, '가')} 너무 깁니다({limit}자 이내).")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            errors.append(f"이메일 형식이 올바르지 않습니다: {row.email}")
    return errors


def plan_roster_import(parsed: ParsedRoster, *, full_import: bool, reference_date=None) -> RosterPlan:
    """Compare the parsed roster with the database as of `reference_date` (default today): what would be
    created, updated, deactivated, and which memberships would start and end."""
    day = reference_date or timezone.localdate()
    plan = RosterPlan(full_import=full_import, reference_date=day, errors=list(parsed.errors))
    if day > timezone.localdate():
        plan.errors.insert(0, RosterError(None, FUTURE_DATE_MESSAGE))
        return plan
    if any(error.row_number is None for error in parsed.errors):
        return plan  # the file could not be read at all

    departments = {code: is_active for code, is_active in Department.objects.values_list("code", "is_active")}
    existing = {person["username"]: person for person in _existing_people()}
    histories = histories_by_username()
    bad_rows = {error.row_number for error in parsed.errors}
    for row in parsed.rows:
        if row.department_code and row.department_code not in departments:
            plan.errors.append(RosterError(row.row_number, f"없는 부서코드입니다: {row.department_code}"))
            continue
        if row.department_code and not departments[row.department_code]:
            plan.errors.append(
                RosterError(row.row_number, f"사용하지 않는 부서입니다: {row.department_code}")
            )
            continue
        if row.row_number in bad_rows:
            continue
        try:
            step = step_to(
                histories.get(row.employee_number, []), department_code=row.department_code, rank=row.rank, day=day
            )
        except HistoryConflict as conflict:
            plan.errors.append(RosterError(row.row_number, str(conflict)))
            continue
        plan.steps[row.employee_number] = step
        person = existing.get(row.employee_number)
        if person is None:
            plan.to_create.append(row)
            continue
        changes = () if step is BEHIND else _changes(person, row, step)
        if changes:
            plan.to_update.append(RosterChange(row, changes))
        else:
            plan.unchanged.append(row)
    plan.errors.sort(key=lambda error: error.row_number or 0)  # stable: a row's own errors keep their order

    if full_import:
        deactivatable = [
            person
            for person in existing.values()
            if person["profile__id"] and person["is_active"] and not person["is_superuser"]
        ]
        plan.active_staff = len(deactivatable)
        for person in deactivatable:
            if person["username"] in parsed.employee_numbers:
                continue
            step = step_to_leave(histories.get(person["username"], []), day=day)
            leaver = Deactivation(person["username"], person["name"])
            if step is BEHIND:
                plan.kept_by_later_history.append(leaver)
            else:
                plan.steps[person["username"]] = step
                plan.to_deactivate.append(leaver)
    return plan


FUTURE_DATE_MESSAGE = "기준일은 오늘 이후일 수 없습니다. 명단이 나타내는 날짜(오늘 또는 지난 날짜)를 선택해 주세요."


def _existing_people():
    return User.objects.values(
        "id",
        "username",
        "name",
        "email",
        "is_active",
        "is_superuser",
        "profile__id",
        "profile__department__code",
        "profile__rank",
    )


def _changes(person, row, step):
    changes = []
    if person["name"] != row.name:
        changes.append("성명")
    if person["email"] != row.email:
        changes.append("이메일")
    if person["profile__id"] is None:
        changes.append("직원 정보 생성")
    else:
        if person["profile__department__code"] != row.department_code:
            changes.append("부서")
        if person["profile__rank"] != row.rank:
            changes.append("직급")
    if not person["is_active"]:
        changes.append("재활성화")
    if step.writes and not changes:
        changes.append(HISTORY_ONLY)
    return tuple(changes)


def preview_roster(data: bytes, filename: str = "", *, full_import: bool, reference_date=None) -> RosterPlan:
    return plan_roster_import(parse_roster(data, filename), full_import=full_import, reference_date=reference_date)


def apply_roster(
    data: bytes, filename: str = "", *, full_import: bool, reference_date=None, upload=None, confirmed_deactivations=None
) -> RosterPlan:
    return apply_parsed_roster(
        parse_roster(data, filename),
        full_import=full_import,
        reference_date=reference_date,
        upload=upload,
        confirmed_deactivations=confirmed_deactivations,
    )


@transaction.atomic
def apply_parsed_roster(
    parsed: ParsedRoster, *, full_import: bool, reference_date=None, upload=None, confirmed_deactivations=None
) -> RosterPlan:
    """Re-plan inside one transaction and write everything with bulk queries, or nothing at all.

    `confirmed_deactivations` is the number HR typed; it must equal the re-planned number of
    deactivations whenever the plan needs that confirmation (see RosterPlan.needs_deactivation_confirmation).
    `upload` (the RosterUpload being applied) is kept on the memberships it starts and ends.
    """
    _wait_for_other_roster_imports()
    plan = plan_roster_import(parsed, full_import=full_import, reference_date=reference_date)
    if not plan.can_apply:
        raise RosterRefused(plan)
    if plan.needs_deactivation_confirmation and confirmed_deactivations != len(plan.to_deactivate):
        raise DeactivationNotConfirmed(plan)
    day = plan.reference_date
    department_ids = dict(Department.objects.values_list("code", "id"))

    User.objects.bulk_create(
        [
            User(
                username=row.employee_number,
                name=row.name,
                first_name=row.name,  # what Wagtail's admin calls people by (User.save)
                email=row.email,
                # Unusable (staff sign in through SSO); one urandom call instead of make_password(None)'s 40.
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            for row in plan.to_create
        ],
        batch_size=BATCH_SIZE,
    )
    user_ids = _user_ids([row.employee_number for row in plan.to_create])
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                user_id=user_ids[row.employee_number],
                department_id=department_ids[row.department_code],
                rank=row.rank,
                active_from=day,
            )
            for row in plan.to_create
        ],
        batch_size=BATCH_SIZE,
    )
    _update_people(plan.to_update, department_ids, plan.steps, day)
    _deactivate(plan.to_deactivate, day)
    changed_ids = _user_ids(
        [row.employee_number for row in plan.to_create] + [c.row.employee_number for c in plan.to_update]
    )
    _write_history(plan, department_ids, changed_ids, day, upload)
    _ensure_staff_group(changed_ids)
    return plan


def _wait_for_other_roster_imports():
    """Two imports applied at once would plan against the same history and collide on its constraints;
    locking the organisation's root rows makes the second wait and re-plan after the first commits."""
    list(Department.objects.select_for_update().filter(depth=1).values_list("pk", flat=True))


def _write_history(plan, department_ids, changed_ids, day, upload):
    rows = {row.employee_number: row for row in plan.to_create}
    rows.update((change.row.employee_number, change.row) for change in plan.to_update)
    leaver_ids = _user_ids([person.employee_number for person in plan.to_deactivate])
    placings = []
    for employee_number, step in plan.steps.items():
        if not step.writes:
            continue
        row = rows.get(employee_number)
        if row is None:  # a leaver: only ends a membership
            placings.append(Placing(leaver_ids[employee_number], None, "", step))
        else:
            placings.append(Placing(changed_ids[employee_number], department_ids[row.department_code], row.rank, step))
    write_steps(placings, day=day, upload=upload)


def _user_ids(employee_numbers):
    ids = {}
    for start in range(0, len(employee_numbers), BATCH_SIZE):
        chunk = employee_numbers[start : start + BATCH_SIZE]
        ids.update(User.objects.filter(username__in=chunk).values_list("username", "id"))
    return ids


def _update_people(changes, department_ids, steps, day):
    if not changes:
        return
    rows = {change.row.employee_number: change for change in changes}
    users = []
    for start in range(0, len(changes), BATCH_SIZE):
        chunk = list(rows)[start : start + BATCH_SIZE]
        users.extend(User.objects.filter(username__in=chunk).select_related("profile"))
    profiles_to_update, profiles_to_create = [], []
    for user in users:
        change = rows[user.username]
        row = change.row
        user.name, user.first_name, user.email, user.is_active = row.name, row.name, row.email, True
        profile = getattr(user, "profile", None)
        if profile is None:
            profiles_to_create.append(
                StaffProfile(user=user, department_id=department_ids[row.department_code], rank=row.rank, active_from=day)
            )
            continue
        profile.department_id = department_ids[row.department_code]
        profile.rank = row.rank
        if "재활성화" in change.changes:
            # Back on the day they left (a same-day correction): their membership was reopened, not restarted.
            if not steps[user.username].reopen:
                profile.active_from = day
            profile.active_until = None
        profiles_to_update.append(profile)
    User.objects.bulk_update(users, ["name", "first_name", "email", "is_active"], batch_size=BATCH_SIZE)
    forget_cached_users([user.pk for user in users])
    StaffProfile.objects.bulk_update(
        profiles_to_update, ["department", "rank", "active_from", "active_until"], batch_size=BATCH_SIZE
    )
    StaffProfile.objects.bulk_create(profiles_to_create, batch_size=BATCH_SIZE)


def _deactivate(deactivations, day):
    numbers = [person.employee_number for person in deactivations]
    for start in range(0, len(numbers), BATCH_SIZE):
        chunk = numbers[start : start + BATCH_SIZE]
        user_ids = list(User.objects.filter(username__in=chunk).values_list("pk", flat=True))
        User.objects.filter(pk__in=user_ids).update(is_active=False)
        forget_cached_users(user_ids)
        StaffProfile.objects.filter(user__username__in=chunk).update(active_until=day)


def _ensure_staff_group(user_ids):
    """Everyone on the roster is in the 직원 group (a re-run adds nobody twice)."""
    if not user_ids:
        return
    group, _ = Group.objects.get_or_create(name=roles.STAFF)
    membership = User.groups.through
    membership.objects.bulk_create(
        [membership(user_id=user_id, group_id=group.pk) for user_id in user_ids.values()],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )

