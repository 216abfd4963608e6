"""Writes for offline programmes: applications and the waiting list, attendance and the completion
records it stands for."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lms.people.models import User
from lms.records.bulk import Completion, record_completions
from lms.records.models import CompletionSource
from lms.records.selectors import evaluation_year_of
from lms.records.services import record_completion, revoke_completion

from .apps import OFFLINE_SESSION_KIND
from .models import HOLDS_A_PLACE, Attendance, AttendanceMethod, Registration, RegistrationStatus, Session
from .selectors import audience_allows, department_of


BATCH_SIZE = 1000


class ProgrammeError(Exception):
    """A refused application or change; the message is Korean and shown as it is."""


def _locked(session):
    # Every change to a session's places locks its row first, so two applications for the last
    # place (or an application and a cancellation) are decided one after the other.
    return Session.objects.select_for_update().select_related("programme").get(pk=session.pk)


def _places_taken(session):
    return session.registrations.filter(status__in=HOLDS_A_PLACE).count()


@transaction.atomic
def apply_for_session(*, session, user, now=None) -> Registration:
    """Apply for a session: a place (신청, HR confirms) while there is one, else the waiting list."""
    now = now or timezone.now()
    session = _locked(session)
    if not session.open_for_application:
        raise ProgrammeError("이 회차는 신청을 받지 않습니다.")
    if session.starts_at <= now:
        raise ProgrammeError("이미 시작했거나 끝난 회차는 신청할 수 없습니다.")
    if not audience_allows(session.programme, department_of(user)):
        raise ProgrammeError("이 프로그램의 교육 대상이 아닙니다.")
    registration = Registration.objects.filter(session=session, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ProgrammeError("이미 신청한 회차입니다.")
    status = RegistrationStatus.APPLIED if _places_taken(session) < session.capacity else RegistrationStatus.WAITLISTED
    if registration is None:
        return Registration.objects.create(session=session, user=user, status=status, applied_at=now)
    registration.status, registration.applied_at = status, now  # applying again goes to the back
    registration.save(update_fields=["status", "applied_at", "changed_at"])
    return registration


@transaction.atomic
def confirm_registration(*, registration) -> Registration:
    _locked(registration.session)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration
    if registration.status != RegistrationStatus.APPLIED:
        raise ProgrammeError(
            f"{registration.get_status_display()} 상태의 신청은 확정할 수 없습니다. "
            "대기자는 자리가 나면 차례대로 신청 상태가 됩니다."
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.save(update_fields=["status", "changed_at"])
    return registration


@transaction.atomic
def cancel_registration(*, registration) -> list[Registration]:
    """Cancel an application; the first people waiting take the places it frees. Returns them."""
    session = _locked(registration.session)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "changed_at"])
    return _promote_waiting(session)


def _promote_waiting(session):
    free = session.capacity - _places_taken(session)
    if free <= 0:
        return []
    promoted = list(
        session.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("applied_at", "pk")[:free]
    )
    for waiting in promoted:
        waiting.status = RegistrationStatus.APPLIED
        waiting.save(update_fields=["status", "changed_at"])
    return promoted


def attendance_evidence(attendance):
    return {"model": "programmes.attendance", "pk": attendance.pk}


def attendance_completion(attendance, *, user, session) -> Completion:
    """The completion record an attendance stands for: the session's hours in the year attended."""
    return Completion(
        user=user,
        kind=OFFLINE_SESSION_KIND,
        key=str(session.pk),
        title=session.title,
        completed_on=attendance.attended_on,
        hours=session.hours,
        source=CompletionSource.OFFLINE,
        evidence=attendance_evidence(attendance),
        group=session.programme.group_key,
        category=session.programme.kind.category_key,
        started_on=min(session.first_day, attendance.attended_on),
    )


def write_attendance_completion(attendance, *, user, session):
    completion = attendance_completion(attendance, user=user, session=session)
    return record_completion(**vars(completion))


@transaction.atomic
def record_attendance(*, session, user, attended_on, method, recorded_by, upload=None, row_number=None):
    """Mark `user` present at `session` and write their completion record. Returns (attendance, created);
    an attendance already there is left as it is."""
    existing = Attendance.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing, False
    attendance = Attendance.objects.create(
        session=session,
        user=user,
        attended_on=attended_on,
        method=method,
        recorded_by=recorded_by,
        upload=upload,
        row_number=row_number,
    )
    Registration.objects.filter(session=session, user=user, status=RegistrationStatus.APPLIED).update(
        status=RegistrationStatus.CONFIRMED, changed_at=timezone.now()
    )
    write_attendance_completion(attendance, user=user, session=session)
    return attendance, True


@dataclass(frozen=True)
class Attendee:
    user_id: int
    attended_on: datetime.date
    row_number: int | None = None


@transaction.atomic
def record_attendances(*, session, attendees, method, recorded_by, upload=None) -> list[Attendance]:
    """Mark many people present at once (an imported file, the demo): one insert for the attendances,
    one update confirming their applications, then each completion record. The caller has checked
    that none of them is already marked present."""
    attendances = Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                user_id=attendee.user_id,
                attended_on=attendee.attended_on,
                method=method,
                recorded_by=recorded_by,
                upload=upload,
                row_number=attendee.row_number,
            )
            for attendee in attendees
        ],
        batch_size=BATCH_SIZE,
    )
    user_ids = [attendee.user_id for attendee in attendees]
    for start in range(0, len(user_ids), BATCH_SIZE):
        Registration.objects.filter(
            session=session, user_id__in=user_ids[start : start + BATCH_SIZE], status=RegistrationStatus.APPLIED
        ).update(status=RegistrationStatus.CONFIRMED, changed_at=timezone.now())
    users = User.objects.select_related("profile__department").in_bulk(user_ids)
    record_completions(
        [attendance_completion(attendance, user=users[attendance.user_id], session=session) for attendance in attendances]
    )
    return attendances


@transaction.atomic
def remove_attendance(*, attendance) -> None:
    """HR correcting a mistake: the attendance goes and so does the completion record it stood for."""
    revoke_completion(
        user=attendance.user,
        kind=OFFLINE_SESSION_KIND,
        key=str(attendance.session_id),
        evaluation_year=evaluation_year_of(attendance.attended_on),
    )
    attendance.delete()


@transaction.atomic
def check_in(*, session, present_user_ids, listed_user_ids, recorded_by, on=None):
    """The check-in page's save: of the people listed, those ticked are present, the others are not.
    Returns (added, removed) counts."""
    on = on or timezone.localdate()
    attended_on = min(max(on, session.first_day), session.last_day)
    present, listed = set(present_user_ids), set(listed_user_ids)
    attended = {attendance.user_id: attendance for attendance in session.attendances.select_related("user")}
    removed = 0
    for user_id in listed - present:
        if user_id in attended:
            remove_attendance(attendance=attended[user_id])
            removed += 1
    added = 0
    for user in User.objects.filter(pk__in=(present & listed) - set(attended)).select_related("profile"):
        record_attendance(
            session=session, user=user, attended_on=attended_on, method=AttendanceMethod.CHECK_IN, recorded_by=recorded_by
        )
        added += 1
    return added, removed
