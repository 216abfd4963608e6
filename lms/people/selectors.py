"""Reads for the organisation and the staff roster."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr

from .models import Department, StaffProfile


def departments_in_subtree(department):
    """The department and every department below it: one indexed prefix query on the path."""
    return Department.objects.filter(path__startswith=department.path)


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


def roster_scope(user):
    """Which part of the organisation `user` may see in the admin roster.

    HR (and superusers) see everything (ALL_DEPARTMENTS); a department manager sees the subtree of
    the department they manage; anyone else sees nothing (None).
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_perm("people.view_all_staff"):
        return ALL_DEPARTMENTS
    if not user.has_perm("people.view_staffprofile"):
        return None
    return getattr(getattr(user, "profile", None), "managed_department", None)


def staff_visible_to(user):
    profiles = StaffProfile.objects.select_related("user", "department")
    scope = roster_scope(user)
    if scope is ALL_DEPARTMENTS:
        return profiles
    if scope is None:
        return profiles.none()
    return profiles.filter(department__path__startswith=scope.path)


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
