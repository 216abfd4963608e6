"""The refused-login page (django-axes' lockout) in Chromium: Korean, in the site's layout, accessible
on a desktop and a 360 px phone."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.factories import PASSWORD, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_refused_login_says_when_to_try_again(chromium, live_server, transactional_db, viewport):
    make_staff("2018001")
    # As if this browser had just sent as many wrong passwords as the limit allows.
    AccessAttempt.objects.create(
        username="2018001",
        ip_address="127.0.0.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
    page = new_page(chromium, viewport=viewport)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("직원번호").fill("2018001")
    page.get_by_label("비밀번호").fill(PASSWORD)  # even the right password waits
    page.locator("main").get_by_role("button", name="로그인").click()
    page.get_by_role("alert").filter(has_text="이후(약 15분 뒤)에 다시 시도해 주세요").wait_for()
    assert "/accounts/login/" in page.url
    check_page(page)
