"""Reads for offline programmes: which sessions a person may apply for, and what HR and department
managers may see of applications and attendance."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from lms.people.selectors import department_scope, within_scope

from .models import HOLDS_A_PLACE, Attendance, Audience, Programme, ProgrammeKind, Registration, RegistrationStatus, Session


def department_of(user):
    profile = getattr(user, "profile", None)
    return profile.department if profile else None


def audience_allows(programme, department):
    """Whether someone in `department` belongs to the programme's target audience."""
    if programme.audience == Audience.ALL:
        return True
    if department is None:
        return False
    if programme.audience == Audience.HIGH_INTENSITY:
        return department.high_intensity
    if programme.audience == Audience.GENERAL:
        return not department.high_intensity
    return any(department.path.startswith(chosen.path) for chosen in programme.departments.all())


def with_places_taken(sessions):
    return sessions.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_A_PLACE), distinct=True)
    )


def upcoming_sessions_open_to(user, *, now=None):
    """Sessions still to come that take applications and whose programme's audience includes `user`."""
    now = now or timezone.now()
    department = department_of(user)
    sessions = with_places_taken(
        Session.objects.filter(open_for_application=True, starts_at__gt=now)
        .select_related("programme__kind", "visited_department")
        .prefetch_related("programme__departments")
    ).order_by("starts_at")
    return [session for session in sessions if audience_allows(session.programme, department)]


def registrations_of(user):
    """The person's applications that are not cancelled, with their session, soonest first."""
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session__programme")
        .order_by("session__starts_at")
    )


def registration_of(*, user, session):
    return Registration.objects.filter(user=user, session=session).first()


def places_taken(session):
    return session.registrations.filter(status__in=HOLDS_A_PLACE).count()


def waitlist_position(registration):
    """1 for the first person waiting, or None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=RegistrationStatus.WAITLISTED
    ).filter(Q(applied_at__lt=registration.applied_at) | Q(applied_at=registration.applied_at, pk__lt=registration.pk))
    return ahead.count() + 1


def programme_scope(user):
    """What of applications and attendance `user` may see in the admin: everything (HR), the people of
    the department subtree they manage (부서 담당자), or nothing (None)."""
    return department_scope(
        user,
        sees_all="programmes.view_all_programmes",
        sees_subtree=["programmes.view_registration", "programmes.view_attendance"],
    )


def _scoped(queryset, user):
    return within_scope(queryset, programme_scope(user), path="user__profile__department__path")


def registrations_visible_to(user):
    return _scoped(Registration.objects.select_related("session__programme", "user__profile__department"), user)


def attendances_visible_to(user):
    return _scoped(Attendance.objects.select_related("session__programme", "user__profile__department"), user)


def check_in_list(session):
    """Who the check-in page lists: everyone holding a place, everyone already marked present, and for
    a visiting session without applications the active staff of the visited department."""
    from lms.people.selectors import staff_in_subtree

    attended = dict(session.attendances.values_list("user_id", "pk"))
    people = {
        registration.user_id: registration.user
        for registration in session.registrations.filter(status__in=HOLDS_A_PLACE).select_related("user")
    }
    for attendance in session.attendances.select_related("user"):
        people.setdefault(attendance.user_id, attendance.user)
    if not session.registration_required and session.visited_department_id:
        for profile in staff_in_subtree(session.visited_department).select_related("user"):
            people.setdefault(profile.user_id, profile.user)
    rows = sorted(people.values(), key=lambda person: (person.name, person.username))
    return [(person, person.pk in attended) for person in rows]


GROUP_PREFIX = "offline_programme:"  # Programme.group_key


def kind_categories():
    """{category: programme kind name} that its sessions' completion records carry."""
    return {kind.category_key: kind.name for kind in ProgrammeKind.objects.all()}


def programme_titles(group_keys):
    """{item group: programme title} for the item groups its sessions' completion records carry."""
    ids = {key.partition(":")[2] for key in group_keys if key.startswith(GROUP_PREFIX)}
    programmes = Programme.objects.filter(pk__in=[pk for pk in ids if pk.isdigit()])
    return {programme.group_key: programme.title for programme in programmes}


def sessions_needing_attendance(*, now=None, days_before=7, days_after=7):
    """Sessions from `days_before` days ago to `days_after` days ahead with no attendance recorded yet,
    soonest first, each with `places_taken`: the ones HR checks people in for (or imports the sheet of)."""
    now = now or timezone.now()
    sessions = Session.objects.select_related("programme").filter(
        starts_at__gte=now - timedelta(days=days_before),
        starts_at__lte=now + timedelta(days=days_after),
        attendances__isnull=True,
    )
    return with_places_taken(sessions).order_by("starts_at")


def pending_registrations(user):
    """Applications waiting for HR to confirm them, within what `user` may see."""
    return registrations_visible_to(user).filter(status=RegistrationStatus.APPLIED)
