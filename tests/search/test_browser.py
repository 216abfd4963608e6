"""In Chromium on a phone (360×740) and a desktop: search, read the results, pick a suggestion as you type."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from courses.models import TextLessonPage
from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.courses.conftest import make_course
from tests.factories import make_staff
from tests.knowledge_trip.factories import make_episode, make_series_index

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def signed_in_page(chromium, live_server, viewport):
    client = Client()
    client.force_login(make_staff())
    page = new_page(chromium, viewport=viewport)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_results_and_suggestions_are_accessible_and_usable_by_keyboard(chromium, live_server, viewport):
    course = make_course(title="악성민원 사례별 대응요령")
    course.add_child(instance=TextLessonPage(title="악성민원의 유형과 판단 기준", body="<p>악성민원은 행위를 봅니다.</p>"))
    make_episode(make_series_index(), "악성민원, 무엇이 다른가")
    page = signed_in_page(chromium, live_server, viewport)
    try:
        page.goto(f"{live_server.url}/search/?q=악성 민원")
        assert page.locator(".search-result").count() == 3
        assert page.locator(".did-you-mean").is_visible()
        check_page(page)

        box = page.locator("#search-page-query")
        box.fill("")
        box.press_sequentially("악성민")
        listbox = page.locator("#search-page-suggestions")
        listbox.wait_for(state="visible")
        assert box.get_attribute("aria-expanded") == "true"
        assert listbox.locator("[role=option]").count() == 3
        check_page(page)

        box.press("ArrowDown")
        first = listbox.locator("[role=option]").first
        assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
        assert first.get_attribute("aria-selected") == "true"
        box.press("Escape")
        assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
        assert box.input_value() == "악성민"  # closing the list keeps what was typed

        box.press_sequentially("원")
        listbox.wait_for(state="visible")
        box.press("ArrowDown")
        target = listbox.locator("[role=option]").first.get_attribute("data-url")
        box.press("Enter")
        page.wait_for_url(f"**{target}")

        page.goto(f"{live_server.url}/search/?q=없는낱말")
        check_page(page)
    finally:
        page.context.close()
