"""The demo's offline programmes: the plan's numbers, attendance written as completion records, a few
sessions open for application, and a second run that changes nothing."""

import io
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from lms.people import demo as people_demo
from lms.programmes import demo
from lms.programmes.models import Attendance, Programme, Session
from lms.records.models import CompletionRecord

pytestmark = pytest.mark.django_db


def test_demo_programmes_of_the_plan(django_assert_max_num_queries):
    people_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    year = timezone.localdate().year

    sessions = dict(Programme.objects.filter(year=year).annotate(n=Count("sessions")).values_list("title", "n"))
    assert sessions["감정노동 힐링 프로그램"] == 11  # 10 of the plan and one added in the coming weeks
    assert sessions["찾아가는 맞춤형 친절교육"] == 20 and sessions["민원응대 원포인트레슨"] == 20
    assert sessions["새내기 공무원 민원응대 역량강화"] == 9 and sessions["시민중심 서비스 디자인(전화친절응대)"] == 2
    assert sessions["아리수 현장전문인 양성 교육"] == 10
    assert sessions["소통공감 명사특강"] == 3 and sessions["런치특강"] == 5
    visited = Session.objects.filter(programme__title="민원응대 원포인트레슨").values("visited_department").distinct()
    assert visited.count() == 20

    now = timezone.now()
    past = Session.objects.filter(ends_at__lt=now)
    attendance = Attendance.objects.filter(session__in=past)
    assert attendance.count() == Attendance.objects.count() > 4000
    offline = CompletionRecord.objects.filter(item_kind="offline_session")
    assert offline.count() == attendance.count()
    expected_hours = attendance.aggregate(total=Sum("session__hours"))["total"]
    assert offline.aggregate(total=Sum("hours"))["total"] == expected_hours
    upcoming = Session.objects.filter(starts_at__gt=now, open_for_application=True)
    assert upcoming.count() >= 3 and all(session.registrations.exists() for session in upcoming)
    assert CompletionRecord.objects.filter(item_kind="imported").count() == demo.IMPORTED_ROWS
    assert CompletionRecord.objects.filter(user__username=demo.STAFF_EMPLOYEE_NUMBER, hours__gt=Decimal(0)).exists()

    before = (Attendance.objects.count(), CompletionRecord.objects.count(), Session.objects.count())
    with django_assert_max_num_queries(5):
        demo.load(io.StringIO())
    assert (Attendance.objects.count(), CompletionRecord.objects.count(), Session.objects.count()) == before
