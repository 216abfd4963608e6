"""The site shell in Chromium, exactly as `make run` serves it, on a desktop and on a 360×740 phone.

The demo data is loaded with `manage.py load_demo`; a demo member of staff logs in through the login
form, sees the home page and 내 정보 with the department's full path, opens the password change
and search pages and logs out. axe-core must find zero violations on every page, with the phone menu
both closed and open, and nothing may scroll sideways on the phone.
"""

import io

import pytest
from django.core.management import call_command

from lms.home.selectors import department_path
from lms.people.demo import DEMO_LOGINS
from lms.people.models import StaffProfile
from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.e2e.steps import open_phone_menu

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

STAFF_ROLE, STAFF_NUMBER, STAFF_PASSWORD = DEMO_LOGINS[0]


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback):
    # Serialized rollback brings back the migrations' home page, site and groups that an earlier
    # transactional test's flush removed.
    call_command("load_demo", stdout=io.StringIO())
    profile = StaffProfile.objects.select_related("user", "department").get(user__username=STAFF_NUMBER)
    return {"profile": profile, "department_names": [d.name for d in department_path(profile.department)]}


def test_demo_staff_logs_in_and_sees_home_and_my_info(chromium, live_server, demo_site):
    for viewport in (DESKTOP, PHONE):  # one demo load (a minute or two) serves both
        walk_through_the_shell(chromium, live_server, demo_site, viewport)


def walk_through_the_shell(chromium, live_server, demo_site, viewport):
    page = new_page(chromium, viewport=viewport)
    # The shell's own CSS/JS (staticfiles, node_modules) must load. Uploaded media is left out: the
    # live server, like production, does not serve MEDIA_ROOT itself (DEBUG is off in tests).
    failed_responses = []
    page.on(
        "response",
        lambda response: response.status >= 400
        and "/media/" not in response.url
        and failed_responses.append(f"{response.status} {response.url}"),
    )

    # Login: 직원번호 + 비밀번호, Korean error on a wrong password.
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"  # site.css
    check_page(page)
    # The live server serves staticfiles' finders too, so npm libraries from node_modules load as well.
    assert page.request.get(f"{live_server.url}/static/vendor/hls.js/hls.min.js").ok
    page.get_by_label("직원번호").fill(STAFF_NUMBER)
    page.get_by_label("비밀번호").fill("틀린-비밀번호")
    page.locator("main").get_by_role("button", name="로그인").click()
    page.get_by_role("alert").filter(has_text="직원번호 또는 비밀번호가 올바르지 않습니다.").wait_for()
    check_page(page)
    page.get_by_label("비밀번호").fill(STAFF_PASSWORD)
    page.locator("main").get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{live_server.url}/")

    # Home: the demo content, the menu from the page tree, 내 학습.
    name = demo_site["profile"].user.name
    page.get_by_text(f"{name}님, 오늘도 민원 현장을 지켜 주셔서 고맙습니다.").wait_for()
    assert page.get_by_role("heading", name="감정노동 직원 보호와 민원응대 품질 향상을 위한 온라인 학습").is_visible()
    assert page.get_by_role("heading", name="내 학습", exact=True).is_visible()
    check_page(page)
    main_menu = page.get_by_role("navigation", name="주 메뉴")
    if viewport is PHONE:
        assert not main_menu.is_visible()  # folded behind the menu button
        open_phone_menu(page)
        check_page(page)
        page.keyboard.press("Escape")
        assert not main_menu.is_visible()
        assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
        open_phone_menu(page)
    for title in ["이러닝 과정", "U-지식여행", "웹툰", "캠페인"]:
        assert main_menu.get_by_role("link", name=title, exact=True).is_visible()

    # 내 정보 through the user menu: the department with its whole path.
    page.get_by_role("navigation", name="사용자 메뉴").get_by_role("link", name="내 정보").click()
    page.wait_for_url(f"{live_server.url}/me/")
    path_items = page.get_by_role("list", name="소속 부서 경로").get_by_role("listitem").all_inner_texts()
    assert path_items == demo_site["department_names"]
    assert path_items[0] == "서울특별시"
    assert page.get_by_text(STAFF_NUMBER, exact=True).is_visible()
    check_page(page)

    page.get_by_role("link", name="비밀번호 변경").last.click()
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    assert page.get_by_label("기존 비밀번호").is_visible()
    check_page(page)

    page.goto(f"{live_server.url}/search/?q=민원")
    assert page.get_by_role("status").filter(has_text="‘민원’ 검색 결과").is_visible()
    assert page.locator(".search-result").count() > 0
    check_page(page)

    # Log out (a POST form in the user menu).
    if viewport is PHONE:
        open_phone_menu(page)
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="직원번호로 로그인").is_visible()
    check_page(page)

    assert not failed_responses, failed_responses
    page.context.close()
