"""Attendance writes the completion record; removing it revokes it; the check-in page's save."""

from decimal import Decimal

import pytest

from lms.programmes import services
from lms.programmes.models import Attendance, AttendanceMethod
from lms.records import registry
from lms.records.models import CompletionRecord

from .conftest import in_days, make_programme, make_session

pytestmark = pytest.mark.django_db


def test_attendance_writes_one_completion_record(people, hr_user):
    programme = make_programme()
    session = make_session(programme, day=in_days(-1), hours="3.5")
    services.apply_for_session(session=make_session(programme, day=in_days(9)), user=people[0])
    attendance, created = services.record_attendance(
        session=session, user=people[0], attended_on=in_days(-1), method=AttendanceMethod.CHECK_IN, recorded_by=hr_user
    )
    assert created
    again, created_again = services.record_attendance(
        session=session, user=people[0], attended_on=in_days(-1), method=AttendanceMethod.CHECK_IN, recorded_by=hr_user
    )
    assert again == attendance and not created_again
    record = CompletionRecord.objects.get(user=people[0])
    assert record.item_kind == "offline_session" and record.item_key == str(session.pk)
    assert record.item_group == f"offline_programme:{programme.pk}"
    assert record.source == "offline" and record.hours == Decimal("3.50")
    assert record.evidence == {"model": "programmes.attendance", "pk": attendance.pk}
    assert record.completed_on == in_days(-1) and record.department.code == "CSV-OPEN"
    assert record.item_title == f"{programme.title} 1회차"
    # A rule can count the programme's kind; 교육기간 runs from the session's first day.
    assert record.category == programme.kind.category_key == f"programme_kind:{programme.kind_id}"
    assert record.started_on == in_days(-1)


def test_a_two_day_session_records_its_first_day_and_the_kinds_are_categories(people, hr_user):
    programme = make_programme(kind="감정노동 힐링 프로그램")
    session = make_session(programme, day=in_days(-2), days=2)
    services.record_attendance(
        session=session, user=people[0], attended_on=in_days(-1), method=AttendanceMethod.CHECK_IN, recorded_by=hr_user
    )
    record = CompletionRecord.objects.get(user=people[0])
    assert (record.started_on, record.completed_on) == (in_days(-2), in_days(-1))
    assert registry.completion_categories()[programme.kind.category_key] == ("offline_session", "감정노동 힐링 프로그램")


def test_removing_an_attendance_revokes_its_record(people, hr_user):
    session = make_session(make_programme(), day=in_days(-1))
    attendance, _ = services.record_attendance(
        session=session, user=people[0], attended_on=in_days(-1), method=AttendanceMethod.CHECK_IN, recorded_by=hr_user
    )
    services.remove_attendance(attendance=attendance)
    assert not Attendance.objects.exists()
    assert not CompletionRecord.objects.exists()


def test_check_in_adds_and_removes_among_those_listed(people, hr_user):
    session = make_session(make_programme(), day=in_days(1), capacity=5)
    for person in people[:3]:
        services.apply_for_session(session=session, user=person)
    listed = [person.pk for person in people[:3]]
    added, removed = services.check_in(
        session=session, present_user_ids=listed[:2], listed_user_ids=listed, recorded_by=hr_user
    )
    assert (added, removed) == (2, 0)
    added, removed = services.check_in(
        session=session, present_user_ids=[listed[1], listed[2]], listed_user_ids=listed, recorded_by=hr_user
    )
    assert (added, removed) == (1, 1)
    assert set(CompletionRecord.objects.values_list("user__username", flat=True)) == {"2026002", "2026003"}
    # Someone not listed on the page (added by another HR user meanwhile) is left alone.
    services.check_in(session=session, present_user_ids=[], listed_user_ids=[listed[1]], recorded_by=hr_user)
    assert set(Attendance.objects.values_list("user__username", flat=True)) == {"2026003"}
