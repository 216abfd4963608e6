"""In Chromium: HR opens a person's record, exports the year, downloads it and finds the export in the
log; every page passes axe-core on a desktop and a 360 px phone."""

import datetime as dt

import pytest

from lms.hr.models import DataExport
from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.e2e.steps import sign_in_to_admin
from tests.factories import PASSWORD

from .conftest import COURSE, SESSION, YEAR, complete, make_person, xlsx_rows

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def hr_with_password(departments):
    from lms.people import roles

    return make_person("9000001", departments["HRD"], name="박인사", groups=[roles.HR], password=PASSWORD)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_exports_the_year_and_sees_it_in_the_log(chromium, live_server, transactional_db, departments,
                                                    hr_with_password, viewport, tmp_path):
    person = make_person("2019001", departments["WTR-S-FIELD"], name="가현장")
    complete(person, COURSE, 1, title="민원응대 기본과정", hours="5", on=dt.date(YEAR, 2, 1))
    complete(person, SESSION, 11, title="감정노동 힐링 프로그램", hours="3", on=dt.date(YEAR, 4, 5))
    base = live_server.url
    page = new_page(chromium, viewport=viewport)

    sign_in_to_admin(page, base, hr_with_password, "/admin/people/staff/")
    check_page(page)
    page.get_by_role("link", name="가현장 이수 기록").click()
    page.get_by_role("heading", name=f"{YEAR}년 · 인정시간 8시간 · 2건").wait_for()
    check_page(page)

    page.goto(f"{base}/admin/hr/exports/")
    check_page(page)
    page.get_by_label("이수 상세").check()
    page.get_by_role("button", name="내보내기").click()
    page.get_by_text("사용 목적을 입력해 주세요").first.wait_for()  # refused without a purpose, in Korean
    check_page(page)
    page.get_by_label("이수 상세").check()
    page.get_by_label("사용 목적").fill(f"{YEAR}년 상시학습 실적 평가 제출")
    page.get_by_role("button", name="내보내기").click()
    page.get_by_role("status").filter(has_text="완료").wait_for()
    check_page(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="내려받기").click()
    saved = tmp_path / "export.xlsx"
    download_info.value.save_as(saved)
    rows = xlsx_rows(saved.read_bytes())
    assert {row[4] for row in rows[1:]} == {"민원응대 기본과정", "감정노동 힐링 프로그램"}

    page.goto(f"{base}/admin/hr/export-log/")
    page.get_by_text(f"{YEAR}년 상시학습 실적 평가 제출").wait_for()
    check_page(page)
    export = DataExport.objects.get()
    page.goto(f"{base}/admin/hr/export-log/inspect/{export.pk}/")
    page.get_by_text(export.sha256).wait_for()
    assert export.downloads.get().succeeded
    check_page(page)
    page.context.close()
