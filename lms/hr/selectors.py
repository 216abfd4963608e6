"""Reads for HR's console: who may see whose completion records, and the rows of each export.

Completion records are read only through `lms.records.selectors`; people and departments through
`lms.people.selectors`. A department manager's scope is the subtree they manage, applied to the
person's current department (whose record they may open) and to each record's 당시소속 (which of
that person's completions they see and export), so a transfer never shows them another department's hours.

The 달성현황 lists the members of the chosen subtree on a 기준일 (the dated roster), each once with the
department and rank of that day, and sums the hours of the year they earned within that subtree (all of
them when no department is chosen); 0 for a member without any. Someone who earned hours there but was
not a member on the 기준일 is in the detail export, and the 달성현황 says how many such people there are.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lms.people.selectors import ALL_DEPARTMENTS, departments_visible_to, members_on, roster_scope, staff_visible_to
from lms.records.models import training_period
from lms.records.registry import kind_label, learnable_kinds
from lms.records.selectors import completion_records

from .models import DataExport

VIEW_PERMISSION = "hr.view_completion_records"
EXPORT_PERMISSION = "hr.export_completion_records"
AUDIT_PERMISSION = "hr.view_dataexport"
OUT_OF_SCOPE = "담당 범위 밖의 부서나 직원입니다."
RECENT_EXPORTS = 10
HOURS_FIELD = DecimalField(max_digits=12, decimal_places=2)


def record_scope(user, *, permission=VIEW_PERMISSION):
    """ALL_DEPARTMENTS for HR, the managed Department for a department manager, None for anyone else."""
    if not user.is_authenticated or not user.has_perm(permission):
        return None
    return roster_scope(user)


def people_visible_to(user):
    """Staff profiles whose record `user` may open (people's own scope, behind HR's permission)."""
    if record_scope(user) is None:
        return staff_visible_to(user).none()
    return staff_visible_to(user)


def export_departments_for(user):
    departments = departments_visible_to(user)
    return departments if record_scope(user, permission=EXPORT_PERMISSION) is not None else departments.none()


def narrowed_department(user, department, *, permission=EXPORT_PERMISSION):
    """The department subtree `user` asks for, never wider than their scope.

    HR: `department` or None (everything). A manager: their managed department when none is asked
    for; a department inside it; anything else is refused (a filter widened by hand).
    """
    scope = record_scope(user, permission=permission)
    if scope is None:
        raise PermissionDenied(OUT_OF_SCOPE)
    if scope is ALL_DEPARTMENTS:
        return department
    if department is None:
        return scope
    if not department.path.startswith(scope.path):
        raise PermissionDenied(OUT_OF_SCOPE)
    return department


def person_completions(*, viewer, user, year=None):
    """The completions of `user` that `viewer` may see, newest first."""
    department = narrowed_department(viewer, None, permission=VIEW_PERMISSION)
    return completion_records(year=year, department=department, user_ids=[user.pk]).order_by("-completed_on", "-pk")


def completions_by_year(records):
    """[(year, total hours, [records])] newest year first, from records ordered newest first (each
    record names its kind with CompletionRecord.kind_label)."""
    years = {}
    for record in records:
        total, rows = years.setdefault(record.evaluation_year, [0, []])
        years[record.evaluation_year][0] = total + record.hours
        rows.append(record)
    return [(year, total, rows) for year, (total, rows) in sorted(years.items(), reverse=True)]


def chosen_kinds(kind_keys):
    """The registered kinds an export reports on, in registry order (all when none are chosen)."""
    kinds = learnable_kinds()
    return [kind for kind in kinds if kind.key in kind_keys] if kind_keys else kinds


def export_records(*, year, department=None, kind_keys=(), user_ids=None):
    kinds = [kind.key for kind in chosen_kinds(kind_keys)] if kind_keys else None
    return completion_records(year=year, department=department, kinds=kinds, user_ids=user_ids)


def default_reference_date(year, *, today=None):
    """달성현황's 기준일 when HR picks none: today for this year, 31 December for a past one."""
    today = today or timezone.localdate()
    return today if year >= today.year else datetime.date(year, 12, 31)


def summary_members(*, department, on):
    """Who the 달성현황 lists: everyone in `department`'s subtree (None: everyone) on the 기준일 `on`."""
    return members_on(department=department, on=on)


def summary_rows(members, records, kinds, *, include_email):
    """부서원 상시학습 달성현황: one row per member (a membership of `members`), with the department and
    rank of the 기준일 and the hours of their `records` per kind, 0 where they have none.

    The sums are correlated subqueries, so the database streams the rows (in chunks) and nothing here
    holds more than a chunk.
    """
    own = records.filter(user=OuterRef("user")).order_by().values("user")

    def hours(**narrowing):
        summed = own.filter(**narrowing).annotate(value=Sum("hours")).values("value")
        return Coalesce(Subquery(summed, output_field=HOURS_FIELD), Value(Decimal("0")), output_field=HOURS_FIELD)

    counted = Subquery(own.annotate(value=Count("pk")).values("value"), output_field=IntegerField())
    per_kind = {f"kind_{index}": hours(item_kind=kind.key) for index, kind in enumerate(kinds)}
    rows = members.annotate(total=hours(), completions=Coalesce(counted, 0), **per_kind).values_list(
        "user__username", "user__name", "user__email", "rank", "department__name", "total",
        *per_kind, "completions",
    )
    for username, name, email, rank, department, *hours, completions in rows.iterator(chunk_size=2000):
        yield [username, name, *([email] if include_email else []), rank, department, *hours, completions]


def summary_notes(members, records, *, on):
    """The lines under the 달성현황: its 기준일, and how many people earned hours in the year (within the
    chosen subtree) but were not members on the 기준일, so they are not silently missing."""
    notes = [f"기준일 {on:%Y-%m-%d}에 선택한 부서(하위 포함)에 소속된 직원과 그날의 부서·직급입니다."]
    absent = records.exclude(user__in=members.order_by().values("user")).aggregate(
        people=Count("user", distinct=True), hours=Sum("hours"))
    if absent["people"]:
        notes.append(f"이 해에 이수했지만 기준일에 소속이 아닌 직원 {absent['people']}명(인정시간 "
                     f"{absent['hours'].normalize():f}시간)은 이 표에 없습니다. 이수 상세 자료에 있습니다.")
    return notes


def summary_header(kinds, *, include_email):
    return ["직원번호", "성명", *(["이메일"] if include_email else []), "직급", "부서", "총 인정시간",
            *[f"{kind.label} 인정시간" for kind in kinds], "이수 건수"]


DETAIL_HEADER = ["직원번호", "성명", "직급(당시)", "부서(당시소속)", "과정명", "학습유형", "구분", "교육기간", "인정시간", "이수일"]


def detail_header(*, include_email):
    header = list(DETAIL_HEADER)
    if include_email:
        header.insert(2, "이메일")
    return header


def detail_rows(records, *, include_email, source_labels):
    """One row per completion, in department, person and date order, read in chunks."""
    fields = ["user__username", "user__name", "user__email", "rank", "department__name", "item_title", "item_kind",
              "source", "started_on", "completed_on", "hours"]
    labels = {}
    ordered = records.order_by("department__path", "user__username", "completed_on", "pk").values_list(*fields)
    rows = ordered.iterator(chunk_size=2000)
    for username, name, email, rank, department, title, kind, source, started_on, completed_on, hours in rows:
        if kind not in labels:
            labels[kind] = kind_label(kind)
        row = [username, name, rank, department or "", title, labels[kind], source_labels.get(source, source),
               training_period(started_on, completed_on), hours, completed_on]
        if include_email:
            row.insert(2, email)
        yield row


def recent_exports(*, user, limit=RECENT_EXPORTS):
    """The exports `user` asked for, newest first (each person sees and downloads only their own)."""
    return DataExport.objects.filter(requested_by=user)[:limit]
