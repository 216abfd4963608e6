"""HR's year in Chromium, through the pages people click (issue 15's end-to-end test): HR creates an
offline programme and a session in the admin, a member of staff applies on a 360×740 touch phone, HR
confirms and imports the attendance file (CP949 with CRLF, as Korean Excel saves it) with one bad row,
the hours appear in the person's 내 학습, HR exports the year's 이수 상세 with a typed purpose,
downloads it and finds the export and its download in the log. Every page passes check_page."""

import datetime
import re

import pytest
from django.utils import timezone

from lms.people import roles
from lms.programmes.models import Session
from tests.browser import DESKTOP, PHONE, check_page, new_page, sign_in
from tests.e2e.steps import open_phone_menu, sign_in_to_admin
from tests.factories import PASSWORD
from tests.hr.conftest import xlsx_rows
from tests.people.conftest import csv_bytes, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TITLE = "감정노동 힐링캠프"
SESSION = f"{TITLE} 1회차"
PURPOSE = "상시학습 실적 평가 제출"


@pytest.fixture
def org(transactional_db):
    from lms.people.models import Department
    from lms.people.services import DEFAULT_DEPARTMENTS_CSV, load_departments, read_departments_file

    load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))
    department = Department.objects.get
    return {
        "hr": make_person("9000001", department(code="HRD"), name="박인사", groups=[roles.HR], password=PASSWORD),
        "staff": make_person(
            "2026001", department(code="CSV-OPEN"), name="김하나", groups=[roles.STAFF], password=PASSWORD
        ),
    }


def open_admin_menu_item(page, item, group=None):
    """A page of the admin's sidebar: unfold its group if it is in one, follow the item."""
    sidebar = page.get_by_role("navigation").first
    if group:
        sidebar.get_by_role("button", name=group, exact=True).click()
    follow(page, sidebar.get_by_role("link", name=item, exact=True))


def follow(page, link):
    """Click a link (or a form's button) and wait for the page it leads to."""
    with page.expect_navigation():
        link.click()


def listing_action(page, row_text, action):
    """An action of one row in an admin listing, from the row's 'more' menu."""
    row = page.get_by_role("row").filter(has_text=row_text)
    row.get_by_role("button", name=re.compile("더 보기|추가 옵션")).click()
    follow(page, row.get_by_role("link", name=action, exact=True))


def for_whom(action, name):
    """A button's accessible name 'action: name', the name read out only to screen readers (a hidden
    span, which Playwright's name computation may set off with a space)."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(name)}$")


def table_row(table, row):
    """One row of a listing as {column heading: cell text}."""
    headings = table.evaluate("t => [...t.tHead.rows[0].cells].map(cell => cell.innerText.trim())")
    cells = row.evaluate("r => [...r.cells].map(cell => cell.innerText.trim())")
    return dict(zip(headings, cells))


def hours_this_year(page):
    """The number of hours 내 학습 shows for this year, as text."""
    summary = page.get_by_role("region", name="인정 학습시간").inner_text()
    match = re.search(rf"{timezone.localdate().year}년\(올해\)\s*([\d.,]+)\s*시간", summary)
    assert match, summary
    return match.group(1)


def test_hr_runs_the_year_from_a_new_programme_to_the_export_log(chromium, live_server, org, tmp_path):
    base = live_server.url
    year = timezone.localdate().year

    # HR, on a desktop, creates the programme in the admin …
    hr = new_page(chromium, viewport=DESKTOP)
    sign_in_to_admin(hr, base, org["hr"], "/admin/")
    check_page(hr)
    open_admin_menu_item(hr, "프로그램", group="집합교육")
    check_page(hr)
    follow(hr, hr.get_by_role("link", name=re.compile("추가")).first)
    check_page(hr)
    hr.get_by_role("textbox", name="프로그램명").fill(TITLE)
    hr.get_by_role("combobox", name="종류").select_option(label="감정노동 힐링 프로그램")
    hr.get_by_role("combobox", name="교육 대상").select_option(label="고강도 민원접점 부서")
    hr.get_by_role("combobox", name="강사 구분").select_option(label="외부 강사")
    hr.get_by_role("textbox", name="강사").fill("숲치유 전문기관")
    follow(hr, hr.get_by_role("button", name="저장").first)
    hr.get_by_role("row").filter(has_text=TITLE).wait_for()
    check_page(hr)

    # … and its first session, ten days from now.
    day = timezone.localdate() + datetime.timedelta(days=10)
    open_admin_menu_item(hr, "교육 회차", group="집합교육")
    check_page(hr)
    follow(hr, hr.get_by_role("link", name=re.compile("추가")).first)
    check_page(hr)
    hr.get_by_role("combobox", name="프로그램").select_option(label=f"{TITLE} ({year})")
    hr.get_by_role("textbox", name="회차").fill("1회차")
    hr.get_by_role("textbox", name="시작 일시").fill(f"{day:%Y-%m-%d} 10:00")
    hr.get_by_role("textbox", name="종료 일시").fill(f"{day:%Y-%m-%d} 17:00")
    hr.get_by_role("textbox", name="장소").fill("서울대공원 치유숲")
    hr.get_by_role("spinbutton", name="정원").fill("30")
    hr.get_by_role("spinbutton", name="인정 시간").fill("7")
    hr.keyboard.press("Escape")  # close the date picker the last date field opened
    follow(hr, hr.get_by_role("button", name="저장").first)
    hr.get_by_role("row").filter(has_text=SESSION).wait_for()
    check_page(hr)

    # The member of staff, on a phone, signs in, finds the session in the menu and applies.
    phone = new_page(chromium, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(phone, base, org["staff"].username, PASSWORD, "/my/learning/")
    check_page(phone)
    assert hours_this_year(phone) == "0"
    open_phone_menu(phone)
    follow(phone, phone.get_by_role("link", name="집합교육 신청"))
    check_page(phone)
    phone.get_by_role("button", name=for_whom("신청", SESSION)).tap()
    phone.get_by_text("신청했습니다").wait_for()
    check_page(phone)

    # HR sees the application among the session's applicants and confirms it.
    open_admin_menu_item(hr, "교육 회차", group="집합교육")
    listing_action(hr, SESSION, "신청자")
    check_page(hr)
    follow(hr, hr.get_by_role("button", name=for_whom("확정", "김하나")))
    assert "확정" in hr.get_by_role("row").filter(has_text="김하나").inner_text()
    assert not hr.get_by_role("button", name=for_whom("확정", "김하나")).count()
    check_page(hr)

    # The day comes: the session took place today (the clock is the one thing not clicked).
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    Session.objects.filter(label="1회차").update(starts_at=midnight, ends_at=now)
    today = f"{timezone.localdate():%Y-%m-%d}"

    # HR imports the attendance file with one unknown 직원번호, previews it and applies the good row.
    attendance_file = tmp_path / "출석부.csv"
    attendance_file.write_bytes(
        csv_bytes([["2026001", "김하나", today], ["2099999", "없는사람", today]],
                  header=["직원번호", "성명", "출석일"], encoding="cp949")
    )
    open_admin_menu_item(hr, "교육 회차", group="집합교육")
    listing_action(hr, SESSION, "출석 가져오기")
    check_page(hr)
    hr.get_by_label("파일").set_input_files(str(attendance_file))
    follow(hr, hr.get_by_role("button", name="미리 보기"))
    bad_row = hr.get_by_role("row").filter(has_text="등록되지 않은 직원번호입니다: 2099999")
    assert bad_row.inner_text().startswith("3행")
    check_page(hr)
    follow(hr, hr.get_by_role("button", name="오류 없는 1건 적용"))
    hr.get_by_text("적용했습니다").wait_for()
    check_page(hr)

    # The hours are in the person's 내 학습, on the phone.
    open_phone_menu(phone)
    follow(phone, phone.get_by_role("link", name="내 학습"))
    assert hours_this_year(phone) == "7"
    assert phone.get_by_text(SESSION).count()
    check_page(phone)

    # HR exports the year's 이수 상세 as XLSX; a purpose is required and then logged.
    open_admin_menu_item(hr, "이수 기록 내보내기")
    check_page(hr)
    hr.get_by_label("이수 상세").check()
    hr.get_by_label("평가 연도").select_option(label=f"{year}년")
    hr.get_by_label("XLSX").check()
    follow(hr, hr.get_by_role("button", name="내보내기"))
    hr.get_by_text("사용 목적을 입력해 주세요").first.wait_for()
    check_page(hr)
    hr.get_by_label("이수 상세").check()
    hr.get_by_label("사용 목적").fill(f"{year}년 {PURPOSE}")
    follow(hr, hr.get_by_role("button", name="내보내기"))
    hr.get_by_role("status").filter(has_text="완료").wait_for()
    check_page(hr)
    with hr.expect_download() as download:
        hr.get_by_role("button", name="내려받기").click()
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    header, *rows = xlsx_rows(saved.read_bytes())
    mine = [dict(zip(header, row)) for row in rows if "김하나" in row]
    assert len(mine) == 1, rows
    assert SESSION in mine[0].values()
    assert float(mine[0]["인정시간"]) == 7

    # The export log holds the row: who, the filters, the row count; its page lists the download.
    open_admin_menu_item(hr, "개인정보 내보내기 기록")
    log_row = hr.get_by_role("row").filter(has_text=PURPOSE)
    logged = table_row(hr.get_by_role("table"), log_row)
    assert logged["요청자"].startswith("박인사") and logged["자료"] == "이수 상세"
    assert logged["조건"] == f"{year}년 · 전체 부서" and logged["행 수"] == str(len(rows))
    check_page(hr)
    follow(hr, log_row.get_by_role("link").first)  # the request time opens the row's record
    hr.get_by_text("성공").wait_for()
    assert "박인사" in hr.get_by_role("listitem").filter(has_text="성공").inner_text()
    check_page(hr)
