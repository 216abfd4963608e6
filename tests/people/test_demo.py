import io

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.urls import reverse

from lms.people import demo, roles
from lms.people.models import Department, Membership, StaffProfile, User
from lms.people.selectors import members_on, staff_in_subtree

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Department.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
        list(StaffProfile.objects.order_by("pk").values()),
        list(User.groups.through.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
    )


def test_demo_city_has_6350_staff_450_high_intensity_and_loads_idempotently(client):
    demo.load(io.StringIO())

    assert Department.objects.count() >= 150
    water_offices = Department.objects.filter(code__startswith="WTR-", name__endswith="수도사업소")
    assert water_offices.count() == 8 and all(office.high_intensity for office in water_offices)
    assert all(office.get_children_count() == 5 for office in water_offices)
    assert Department.objects.filter(name__endswith="소방서", high_intensity=True).count() == 25
    for name in ["인재개발원", "120다산콜재단", "기획조정실", "열린민원실"]:
        assert Department.objects.filter(name=name).exists()

    active = StaffProfile.objects.filter(user__is_active=True)
    assert active.count() == 6350
    assert active.filter(department__high_intensity=True).count() == 450
    assert active.filter(department__high_intensity=False).count() == 5900
    names = list(active.values_list("user__name", flat=True))
    assert all(2 <= len(name) <= 4 for name in names) and len(set(names)) > 1000
    ranks = set(StaffProfile.objects.values_list("rank", flat=True))
    assert {"9급 주무관", "7급 주무관", "5급 팀장", "4급 과장"} <= ranks

    # The roster's history: start dates over decades, transfers last year and this, leavers and hires.
    today = timezone.localdate()
    this_year, last_year = today.year, today.year - 1
    root = Department.objects.get(depth=1)
    assert members_on(department=root, on=today).count() == 6350
    start_years = set(Membership.objects.values_list("valid_from__year", flat=True))
    assert len(start_years) >= 20 and min(start_years) <= last_year - 25
    ended = Membership.objects.filter(valid_until__isnull=False)
    transfers = ended.filter(user__is_active=True)
    assert transfers.filter(valid_until__year=last_year).count() >= 80
    assert transfers.filter(valid_until__year=this_year).count() >= 80  # transfers and promotions
    leavers = User.objects.filter(is_active=False, profile__isnull=False)
    assert leavers.count() == demo.LEAVERS
    assert {profile.active_until.year for profile in StaffProfile.objects.filter(user__in=leavers)} == {this_year}
    hires = Membership.objects.filter(valid_from__year=this_year, user__memberships__valid_until__isnull=True).exclude(
        user__memberships__valid_until__isnull=False
    )
    assert hires.values("user").distinct().count() == demo.LEAVERS
    assert all(day <= today for day in Membership.objects.values_list("valid_from", flat=True))
    kim = User.objects.get(username="1000001")
    assert [m.department.code for m in kim.memberships.order_by("valid_from")][-1] == "CSV-OPEN"
    assert kim.memberships.count() == 2

    before = snapshot()
    output = io.StringIO()
    demo.load(output)
    assert snapshot() == before
    assert "추가 0명, 수정 0명, 변경 없음 6350명" in output.getvalue()

    # Every demo login works with the demo password and has its role.
    assert [login[1] for login in demo.DEMO_LOGINS] == ["1000001", "1000002", "1000003", "1000004", "admin"]
    for _label, username, password in demo.DEMO_LOGINS:
        # django-axes needs the request a real login form would send.
        assert client.login(request=RequestFactory().post("/accounts/login/"), username=username, password=password), username
    staff = User.objects.get(username="1000001")
    assert staff.profile.department.high_intensity and staff.groups.filter(name=roles.STAFF).exists()
    manager = User.objects.get(username="1000004")
    assert manager.profile.managed_department.name == "남부수도사업소"
    assert manager.groups.filter(name=roles.DEPARTMENT_MANAGER).exists()
    assert User.objects.get(username="admin").is_superuser

    client.force_login(manager)
    response = client.get(reverse("people_staff:index"), {"per_page": 100})
    # Leavers stay on the roster (inactive), in their last department.
    subtree = staff_in_subtree(manager.profile.managed_department, active_only=False)
    assert response.context["paginator"].count == subtree.count()
