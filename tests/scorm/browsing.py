"""What the SCORM browser tests share: a signed-in page, the frames of the player, waiting for the server."""

import time

from django.conf import settings
from django.test import Client

from tests.browser import DESKTOP, new_page


def logged_in_page(chromium, live_server, user, viewport=DESKTOP):
    client = Client()
    client.force_login(user)
    page = new_page(chromium, viewport=viewport)
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": live_server.url},
    ])
    return page


def relaunched(page):
    """A new tab in the same browser (the learner's cookies kept), after the first was closed."""
    fresh = page.context.new_page()
    fresh.set_default_timeout(15_000)
    fresh.csp_violations = []
    return fresh


def wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("시간 안에 조건을 만족하지 못했습니다.")


def launch_url(live_server, package, lesson):
    return f"{live_server.url}/scorm/{package.pk}/launch/?page={lesson.pk}"


def player(page):
    """The player page on the content origin, framed by the lesson."""
    return page.frame_locator("iframe[data-scorm-frame]")


def sco(page):
    """The package's launch page, framed by the player."""
    return player(page).frame_locator("iframe[data-sco-frame]")
