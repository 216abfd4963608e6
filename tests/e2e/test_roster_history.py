"""HR imports a roster as of a past 기준일 and reads a person's 부서 이력, in Chromium, on a desktop and a
360 px phone; axe-core finds nothing on any page visited."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.people import roles
from lms.people.models import Department, StaffProfile
from lms.people.roster import apply_roster
from lms.people.services import DEFAULT_DEPARTMENTS_CSV, load_departments, read_departments_file
from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.factories import make_membership, make_staff
from tests.people.conftest import csv_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_imports_a_transfer_as_of_a_past_date_and_reads_the_history(
    chromium, live_server, transactional_db, tmp_path, viewport
):
    load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))
    hr = make_staff("1990003", "박인사")
    StaffProfile.objects.create(user=hr, department=Department.objects.get(code="HRD"))
    make_membership(hr, Department.objects.get(code="HRD"), valid_from=date(2015, 1, 1))
    hr.groups.add(Group.objects.get(name=roles.HR))
    last_year = date(timezone.localdate().year - 1, 3, 1)
    apply_roster(
        csv_bytes([("1001", "김민수", "CSV-OPEN", "7급 주무관", "")]), "명단.csv", full_import=False, reference_date=last_year
    )
    transfer_day = date(timezone.localdate().year, 1, 2)
    roster = tmp_path / "전보.csv"
    roster.write_bytes(csv_bytes([("1001", "김민수", "WTR-S-FIELD", "7급 주무관", "")], encoding="cp949"))

    page = new_page(chromium, viewport=viewport)
    base = live_server.url
    browser = Client()
    browser.force_login(hr)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": browser.cookies[settings.SESSION_COOKIE_NAME].value, "url": base}]
    )
    page.goto(base + reverse("people_roster_import"))
    check_page(page)
    page.get_by_label("명단 파일").set_input_files(str(roster))
    page.get_by_label("기준일").fill(transfer_day.isoformat())
    page.get_by_role("button", name="미리 보기").click()
    page.get_by_text(f"기준일 {transfer_day:%Y-%m-%d}의 명단으로 적용되어").wait_for()
    assert page.locator('[data-count="memberships_opened"]').inner_text() == "1건"
    check_page(page)
    page.get_by_role("button", name="적용").click()
    page.get_by_text("직원 명단을 적용했습니다").wait_for()
    check_page(page)

    profile = StaffProfile.objects.get(user__username="1001")
    page.goto(base + reverse("people_staff:inspect", args=[profile.pk]))
    history = page.get_by_role("table", name="김민수 (1001)의 부서 이력(최근 순)")
    rows = history.locator("tbody tr")
    assert rows.count() == 2
    assert "현재 소속" in rows.nth(0).inner_text() and f"{transfer_day:%Y-%m-%d}" in rows.nth(1).inner_text()
    check_page(page)
