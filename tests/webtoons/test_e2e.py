"""In Chromium on a phone (360×740) and a desktop: read an episode to the end, go to the next, open the manual."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lms.records.models import LearningEvent
from lms.records.selectors import state_for
from tests.browser import DESKTOP, PHONE, assert_accessible, check_page, new_page
from webtoons.demo_content import EPISODES

from tests.factories import make_staff

from .factories import encoded, make_drawn_episode, make_manual, make_series, make_strip_episode, webtoon_strip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.fixture
def site(transactional_db):
    series = make_series()
    episodes = [make_drawn_episode(series, number, EPISODES[number - 1][3]) for number in (1, 2)]
    return series, episodes


def staff_browser_page(chromium, live_server, viewport, staff):
    """A browser page logged in as `staff` (the session cookie of a test client login)."""
    client = Client()
    client.force_login(staff)
    page = new_page(chromium, viewport=viewport)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_read_an_episode_to_the_end_then_go_to_the_next(chromium, live_server, site, viewport):
    series, (first, second) = site
    staff = make_staff()
    page = staff_browser_page(chromium, live_server, viewport, staff)
    try:
        page.goto(f"{live_server.url}{series.url}")
        assert page.locator(".episode-list__item").count() == 2
        assert_accessible(page)
        page.get_by_role("link", name="첫 화부터 보기").click()
        page.wait_for_url(f"**{first.url}")
        page.wait_for_load_state("networkidle")
        assert page.locator(".webtoon__panels img").count() == len(EPISODES[0][3])
        assert page.locator(".webtoon__panels img").first.evaluate("img => img.complete && img.naturalWidth > 0")
        assert_accessible(page)

        page.get_by_text("대본 보기").click()
        assert page.get_by_text("너, 나 지금 무시하냐! 20분이나 기다렸어!").first.is_visible()
        assert page.locator("[data-read-status]").inner_text() == ""

        # Scroll the way a reader does, until the end of the last panel shows.
        while not page.evaluate("() => document.querySelector('[data-read-sentinel]').getBoundingClientRect().top <= innerHeight"):
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(50)
        page.wait_for_function("() => document.querySelector('[data-read-status]').textContent.includes('읽음으로 기록')")
        assert state_for(staff, first).completed_at is not None
        assert state_for(staff, second) is None
        assert_accessible(page)

        page.get_by_role("link", name="다음 화").click()
        page.wait_for_url(f"**{second.url}")
        assert page.locator("h1").inner_text().startswith("2화")
        assert page.locator(".webtoon__panels img").nth(1).get_attribute("loading") == "lazy"
        assert_accessible(page)

        page.goto(f"{live_server.url}{series.url}")
        assert page.locator(".episode-list__item").first.locator(".webtoon__badge--read").inner_text() == "읽음"
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_open_the_manual_and_download_the_current_edition(chromium, live_server, viewport):
    manual = make_manual()
    staff = make_staff()
    page = staff_browser_page(chromium, live_server, viewport, staff)
    try:
        page.goto(f"{live_server.url}{manual.url}")
        assert page.locator("h1").inner_text() == "서울시 악성민원 대응매뉴얼 — 너, 나 지금 무시하냐?"
        assert page.get_by_role("heading", name="현행판: 증보판(2018)").is_visible()
        assert page.get_by_role("heading", name="이전 판").is_visible()
        assert_accessible(page)
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile(r"PDF 내려받기\W*증보판\(2018\)")).click()
        assert download.value.suggested_filename == "manual-2018.pdf"
        assert LearningEvent.objects.filter(user=staff, page=manual, kind="download").count() == 1
    finally:
        page.context.close()


def test_a_strip_cut_into_pieces_reads_in_order_on_a_phone(chromium, live_server, transactional_db):
    series = make_series()
    episode = make_strip_episode(series, 1, encoded(webtoon_strip()[0]))
    pieces = episode.panels.count()
    staff = make_staff()
    page = staff_browser_page(chromium, live_server, PHONE, staff)
    try:
        page.goto(f"{live_server.url}{episode.url}")
        images = page.locator(".webtoon__panels img")
        assert images.count() == pieces
        layout = images.evaluate_all("imgs => imgs.map(img => [img.getBoundingClientRect().top + scrollY, img.getBoundingClientRect().height, img.alt])")
        tops = [top for top, _, _ in layout]
        # Edge to edge, top to bottom, 360 px wide: the pieces rebuild the strip (30,000 × 360/720 px tall).
        assert all(abs(tops[n] + layout[n][1] - tops[n + 1]) < 1 for n in range(pieces - 1))
        assert abs(sum(height for _, height, _ in layout) - 15_000) < pieces
        assert layout[0][2] == "띠 전체: 민원인이 창구에서 소리친다." and all(alt == "" for _, _, alt in layout[1:])
        check_page(page)
        while not page.evaluate("() => document.querySelector('[data-read-sentinel]').getBoundingClientRect().top <= innerHeight"):
            page.mouse.wheel(0, 2000)
            page.wait_for_timeout(30)
        page.wait_for_function("() => document.querySelector('[data-read-status]').textContent.includes('읽음으로 기록')")
        assert images.evaluate_all("imgs => imgs.every(img => img.complete && img.naturalWidth > 0)")
        assert state_for(staff, episode).completed_at is not None
        check_page(page)
    finally:
        page.context.close()
