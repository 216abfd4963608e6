"""End to end in Chromium: HR creates a programme and a session in the admin, a member of staff
applies on a 360×740 phone, HR imports the attendance file with one bad row, and the person's hours
appear in their 내 학습. axe-core finds no violation on any page visited."""

import datetime

import pytest
from django.utils import timezone

from lms.people import roles
from lms.programmes.models import Session
from lms.records.models import CompletionRecord
from tests.browser import PHONE, check_page, new_page, sign_in
from tests.factories import PASSWORD

from .conftest import csv_bytes, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def org(transactional_db):
    from lms.people.models import Department

    from lms.people.services import DEFAULT_DEPARTMENTS_CSV, load_departments, read_departments_file

    load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))
    return {
        "hr": make_person("9000001", Department.objects.get(code="HRD"), name="박인사", groups=[roles.HR], password=PASSWORD),
        "staff": make_person(
            "2026001", Department.objects.get(code="CSV-OPEN"), name="김하나", groups=[roles.STAFF], password=PASSWORD
        ),
    }


def settled(page):
    """Wagtail's flash messages slide in; axe-core measures contrast of what is on screen, so wait for them."""
    page.wait_for_function(
        "() => document.getAnimations().every(animation => animation.playState !== 'running'"
        " || !animation.effect.target || !animation.effect.target.closest('.messages, .site-main'))"
    )
    return page


def test_hr_runs_a_session_from_creation_to_recorded_hours(chromium, live_server, org, tmp_path):
    base = live_server.url
    hr_page = new_page(chromium)
    sign_in(hr_page, base, org["hr"].username, PASSWORD, "/programmes/")

    # HR creates the programme …
    hr_page.goto(f"{base}/admin/snippets/programmes/programme/add/")
    check_page(hr_page)
    hr_page.fill("#id_title", "감정노동 힐링캠프")
    hr_page.select_option("#id_kind", label="감정노동 힐링 프로그램")
    hr_page.select_option("#id_audience", value="high_intensity")
    hr_page.select_option("#id_instructor_type", value="external")
    hr_page.fill("#id_instructor", "숲치유 전문기관")
    hr_page.get_by_role("button", name="저장").first.click()
    hr_page.wait_for_url(f"{base}/admin/snippets/programmes/programme/")
    check_page(settled(hr_page))

    # … and a session of it, ten days from now.
    day = timezone.localdate() + datetime.timedelta(days=10)
    hr_page.goto(f"{base}/admin/snippets/programmes/session/add/")
    check_page(hr_page)
    hr_page.select_option("#id_programme", label="감정노동 힐링캠프 (%d)" % timezone.localdate().year)
    hr_page.fill("#id_label", "1회차")
    hr_page.fill("#id_starts_at", f"{day:%Y-%m-%d} 10:00")
    hr_page.fill("#id_ends_at", f"{day:%Y-%m-%d} 17:00")
    hr_page.fill("#id_place", "서울대공원 치유숲")
    hr_page.fill("#id_capacity", "30")
    hr_page.fill("#id_hours", "7")
    hr_page.keyboard.press("Escape")  # close a date picker left open
    hr_page.get_by_role("button", name="저장").first.click()
    hr_page.wait_for_url(f"{base}/admin/snippets/programmes/session/")
    check_page(settled(hr_page))
    session = Session.objects.get()

    # The member of staff applies on a phone.
    phone = new_page(chromium, viewport=PHONE)
    sign_in(phone, base, org["staff"].username, PASSWORD, "/programmes/")
    check_page(phone)
    phone.locator(f"#session-{session.pk}").get_by_role("button", name="신청").click()
    phone.get_by_text("신청했습니다").wait_for()
    check_page(settled(phone))
    assert session.registrations.get().status == "applied"

    # HR sees the application; then the session takes place (moved into the past here).
    hr_page.goto(f"{base}/admin/programmes/sessions/{session.pk}/registrations/")
    check_page(hr_page)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Session.objects.filter(pk=session.pk).update(starts_at=yesterday - datetime.timedelta(hours=7), ends_at=yesterday)
    session.refresh_from_db()

    # HR imports the attendance file (CP949, as Excel saves it) with one bad row.
    attended = f"{session.first_day:%Y-%m-%d}"
    attendance_file = tmp_path / "출석부.csv"
    attendance_file.write_bytes(
        csv_bytes([["2026001", "김하나", attended], ["2099999", "없는사람", attended]], header=["직원번호", "성명", "출석일"], encoding="cp949")
    )
    hr_page.goto(f"{base}/admin/programmes/import-attendance/?session={session.pk}")
    check_page(hr_page)
    hr_page.set_input_files("#id_file", str(attendance_file))
    hr_page.get_by_role("button", name="미리 보기").click()
    hr_page.get_by_text("등록되지 않은 직원번호입니다: 2099999").wait_for()
    assert hr_page.locator("tr.import-error").inner_text().startswith("3행")
    check_page(hr_page)
    assert not CompletionRecord.objects.exists()
    hr_page.get_by_role("button", name="오류 없는 1건 적용").click()
    hr_page.get_by_text("적용했습니다").wait_for()
    check_page(settled(hr_page))

    # The person's hours are in the ledger and in their 내 학습, on the phone.
    record = CompletionRecord.objects.get(user=org["staff"])
    assert (record.item_kind, record.hours, record.source) == ("offline_session", 7, "offline")
    assert record.department.code == "CSV-OPEN"
    phone.goto(f"{base}/my/learning/")
    assert phone.locator(".hours-summary__total").first.inner_text() == "7"
    assert "감정노동 힐링캠프 1회차" in phone.locator(".completion-list").first.inner_text()
    check_page(phone)
