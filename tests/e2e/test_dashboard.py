"""Each role's dashboard in Chromium on a desktop and a phone: what it lists, axe-core clean, no sideways
scrolling; the editor's 다시 시도 works from the dashboard."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lms.hr.models import DataExport, ExportFormat, ExportReport
from lms.people import roles
from lms.programmes.models import Registration, RegistrationStatus
from media_pipeline.models import Video
from tests.browser import PHONE, check_page, new_page
from tests.home.test_dashboard import make_editor_work
from tests.people.conftest import departments, hr_user, make_person, water_manager  # noqa: F401  (fixtures)
from tests.programmes.conftest import make_programme, make_session
from tests.webtoons.factories import make_series

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def dashboard_page(chromium, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    page = new_page(chromium, viewport=viewport)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/admin/")
    return page


def panel_headings(page):
    return [text.strip() for text in page.locator(".w-panel--dashboard .w-panel__heading").all_inner_texts()]


@VIEWPORTS
def test_an_editor_fixes_what_the_dashboard_lists(chromium, live_server, transactional_db, departments, viewport, tmp_path):
    editor = make_person("9000002", departments["NMD"], name="이편집", groups=[roles.EDITOR])
    make_editor_work(make_series(), editor, 1)
    page = dashboard_page(chromium, live_server, editor, viewport)
    assert panel_headings(page) == ["작성 중인 페이지", "게시 예약된 페이지", "변환 중이거나 실패한 동영상", "대체텍스트가 필요한 웹툰 회차"]
    assert page.locator(".avatar__initials").first.inner_text() == "편집"
    page.screenshot(path=str(tmp_path / f"editor-{viewport['width']}.png"), full_page=True)
    check_page(page)

    page.get_by_role("button", name="‘실패한 영상 1’ 다시 시도").click()
    page.get_by_text("다시 검사·변환하도록 대기열에 넣었습니다").wait_for()
    assert page.url == f"{live_server.url}/admin/"
    assert Video.objects.get(title="실패한 영상 1").error_message != "원본이 잘려 있습니다."  # queued (or run) again
    check_page(page)


@VIEWPORTS
def test_hr_and_a_department_manager_see_their_panel_and_no_page_search(
    chromium, live_server, transactional_db, departments, hr_user, water_manager, viewport, tmp_path
):
    programme = make_programme(title="민원응대 기본")
    session = make_session(programme, day=timezone.localdate() + datetime.timedelta(days=1), label="2회차")
    applicant = make_person("9000020", departments["CSV"], name="김신청")
    Registration.objects.create(session=session, user=applicant, status=RegistrationStatus.APPLIED)
    for user in (hr_user, water_manager):
        DataExport.objects.create(requested_by=user, report=ExportReport.SUMMARY, file_format=ExportFormat.XLSX, purpose="연말 보고")

    for user, name in ((hr_user, "hr"), (water_manager, "manager")):
        page = dashboard_page(chromium, live_server, user, viewport)
        assert panel_headings(page) == ["교육·이수 업무"]
        assert page.get_by_role("search").count() == 0
        assert page.get_by_role("link", name="부서별 이수율").count() >= 1
        if user is hr_user:
            assert page.get_by_role("link", name="1건 확정 대기").count() == 1
        else:
            assert page.get_by_text("출석을 확인할 교육 회차").count() == 0
        page.screenshot(path=str(tmp_path / f"{name}-{viewport['width']}.png"), full_page=True)
        check_page(page)
        page.context.close()
