"""Reads for the organisation, the staff roster and its history (dated memberships)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr

from .models import Department, Membership, StaffProfile


def departments_in_subtree(department):
    """The department and every department below it: one indexed prefix query on the path."""
    return Department.objects.filter(path__startswith=department.path)


def departments_in_tree_order():
    """Every department, parents before children (materialized-path order)."""
    return Department.objects.order_by("path")


def staff_in_subtree(department, *, active_only=True):
    profiles = StaffProfile.objects.filter(department__path__startswith=department.path)
    if active_only:
        profiles = profiles.filter(user__is_active=True)
    return profiles


def department_in_use_message(department):
    """Why `department` cannot be deleted, or None. Deleting a treebeard node deletes its subtree."""
    if department.get_children_count() or department.staff.exists():
        return "하위 부서나 소속 직원이 있는 부서는 삭제할 수 없습니다. 대신 '사용'을 해제해 주세요."
    return None


def departments_for_listing():
    """Departments in tree order with their parent's name and active staff count, without N+1."""
    parent = Department.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Department.steplen)
    )
    return Department.objects.annotate(
        parent_name=Subquery(parent.values("name")[:1]),
        staff_count=Coalesce(
            Subquery(
                StaffProfile.objects.filter(department=OuterRef("pk"), user__is_active=True)
                .values("department")
                .annotate(count=Count("pk"))
                .values("count")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    ).order_by("path")


ALL_DEPARTMENTS = object()


def department_scope(user, *, sees_all, sees_subtree):
    """Which part of the organisation `user` may see of something: everything (ALL_DEPARTMENTS) with
    the `sees_all` permission (HR, superusers); the subtree of the department they manage with any of
    the `sees_subtree` permissions (a department manager); otherwise nothing (None)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_perm(sees_all):
        return ALL_DEPARTMENTS
    if not any(user.has_perm(permission) for permission in sees_subtree):
        return None
    return getattr(getattr(user, "profile", None), "managed_department", None)


def within_scope(queryset, scope, *, path="department__path"):
    """`queryset` cut to a department_scope: all of it, none of it, or the rows whose department
    (reached through `path`) lies in the scope's subtree."""
    if scope is ALL_DEPARTMENTS:
        return queryset
    if scope is None:
        return queryset.none()
    return queryset.filter(**{f"{path}__startswith": scope.path})


def roster_scope(user):
    """Which part of the organisation `user` may see in the admin roster."""
    return department_scope(user, sees_all="people.view_all_staff", sees_subtree=["people.view_staffprofile"])


def staff_visible_to(user):
    return within_scope(StaffProfile.objects.select_related("user", "department"), roster_scope(user))


def departments_visible_to(user):
    scope = roster_scope(user)
    if scope is ALL_DEPARTMENTS:
        return Department.objects.order_by("path")
    if scope is None:
        return Department.objects.none()
    return departments_in_subtree(scope).order_by("path")


def active_department_names():
    """Names of the departments in use, for the search user dictionary (시민봉사담당관, 중부수도사업소 …)."""
    return list(Department.objects.filter(is_active=True).values_list("name", flat=True).distinct())


# The roster's history. Memberships are half-open periods [valid_from, valid_until) (see Membership):
# "on day D" means valid_from <= D < valid_until, so on a transfer's date only the new membership counts.


@dataclass(frozen=True)
class Placement:
    """Where a person was on a given day: 당시소속 and 당시직급, with the membership that says so."""

    department: Department
    rank: str
    membership: Membership


def _covering(day):
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gt=day))


def memberships_on(*, on: date) -> QuerySet[Membership]:
    """Every membership in force on `on` (at most one per person: they never overlap)."""
    return Membership.objects.filter(_covering(on))


def placement_on(*, user, on: date) -> Placement | None:
    """Where `user` (a User or its id) belonged on `on`, or None if they were on no roster that day.

    Only the dated roster answers: a profile without any membership (made outside the roster import)
    has no placement.
    """
    user_id = getattr(user, "pk", user)
    membership = memberships_on(on=on).filter(user_id=user_id).select_related("department").first()
    return _placement(membership) if membership else None


def placements_on(*, user_ids, on: date) -> dict[int, Placement]:
    """{user id: Placement} on `on` for those of `user_ids` who were on the roster that day; one query."""
    memberships = memberships_on(on=on).filter(user_id__in=list(user_ids)).select_related("department")
    return {membership.user_id: _placement(membership) for membership in memberships}


def _placement(membership):
    return Placement(department=membership.department, rank=membership.rank, membership=membership)


def members_on(*, department: Department | None, on: date) -> QuerySet[Membership]:
    """The memberships of everyone who belonged to `department` or any department below it on `on`
    (department None: the whole organisation), in department and employee-number order.

    Each person appears once: their memberships never overlap, so one at most covers the day (a
    transfer within the subtree on `on` counts only the membership that starts that day).
    """
    memberships = memberships_on(on=on)
    if department is not None:
        memberships = memberships.filter(department__path__startswith=department.path)
    return memberships.select_related("user", "department").order_by("department__path", "user__username")


def memberships_overlapping(*, department: Department, start: date, end: date) -> QuerySet[Membership]:
    """Memberships in `department`'s subtree that overlap the half-open period [start, end).

    For a year's rates pass start=date(Y, 1, 1), end=date(Y + 1, 1, 1). A person transferred within
    the subtree during the period has several rows; use .values("user").distinct() to count people.
    """
    return (
        Membership.objects.filter(department__path__startswith=department.path, valid_from__lt=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=start))
        .select_related("user", "department")
        .order_by("user__username", "valid_from")
    )


def membership_history(*, user) -> QuerySet[Membership]:
    """A person's memberships, newest first (부서 이력)."""
    return (
        Membership.objects.filter(user_id=getattr(user, "pk", user))
        .select_related("department", "upload", "closed_by_upload")
        .order_by("-valid_from")
    )


def membership_history_visible_to(viewer, *, user) -> QuerySet[Membership]:
    """A person's memberships that `viewer` may see: all for HR, those within a manager's subtree."""
    return within_scope(membership_history(user=user), roster_scope(viewer))
