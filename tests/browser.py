"""Headless Debian Chromium through Playwright, and axe-core from node_modules.

Every end-to-end test gets its browser pages from here, so every page a user sees can be
checked for accessibility the same way on a desktop and a phone-sized viewport, and for anything
the Content-Security-Policy refused (Chromium reports each refusal on the console).
"""

import functools
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's sync API keeps an event loop on the test thread; Django's ORM would refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def scorm_content_origin(live_server, settings):
    """SCORM's content origin in a browser test: the live server under its other host name, as in
    development (the platform is at live_server.url, localhost); the platform's origin frames the player."""
    url = urlsplit(live_server.url)
    other = "127.0.0.1" if url.hostname == "localhost" else "localhost"
    settings.SCORM_CONTENT_ORIGIN = f"{url.scheme}://{other}:{url.port}"
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return settings.SCORM_CONTENT_ORIGIN


def new_page(chromium, viewport=DESKTOP, **context_options):
    context = chromium.new_context(viewport=viewport, locale="ko-KR", timezone_id="Asia/Seoul", **context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Frames' messages (the SCORM package's) come to their page's listener too.
    page.csp_violations = []
    page.on("console", lambda message: _note_csp_violation(page, message))
    return page


def _note_csp_violation(page, message):
    if "Content Security Policy" in message.text:
        page.csp_violations.append(f"{page.url}: {message.text}")


def sign_in(page, base_url, username, password, next_path):
    """Open a staff-only page, get sent to the login form, sign in there and land back on the page."""
    page.goto(f"{base_url}{next_path}")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#main form").get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base_url}{next_path}")


def inject_axe(frame):
    """Load axe-core into a page or frame. Evaluated through the DevTools protocol, which the page's CSP
    does not govern: add_script_tag would write an inline <script> that the policy rightly refuses."""
    if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
        frame.evaluate(_axe_source())


@functools.cache
def _axe_source():
    return AXE_JS.read_text()


def axe_violations(page):
    """Run axe-core on the current page and return its violations (an empty list is the goal)."""
    inject_axe(page)
    result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def check_page(page):
    """What every page a user sees must satisfy: no axe-core violation, no sideways scrolling, nothing
    refused by the Content-Security-Policy."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"], page.url
    assert_gutters(page)
    assert_pills_on_one_line(page)
    # Colours mid-transition (Wagtail's messages fade in) are not the page's colours: let them finish.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((animation) => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
            .map((animation) => animation.finished.catch(() => null)))"""
    )
    assert_accessible(page)
    assert_no_csp_violations(page)


GUTTER_PX = 12


def assert_gutters(page):
    """The site's content keeps a gutter from the screen's edges: each .container's content box starts and
    ends at least GUTTER_PX inside the viewport (a later `padding: … 0` on the same element once took it away)."""
    flush = page.evaluate(
        """(gutter) => [...document.querySelectorAll('.site-main .container')].flatMap((element) => {
            const box = element.getBoundingClientRect();
            if (!box.width) return [];
            const style = getComputedStyle(element);
            const left = box.left + parseFloat(style.paddingLeft);
            const right = box.right - parseFloat(style.paddingRight);
            return left < gutter || right > window.innerWidth - gutter
                ? [`${element.className}: content from ${left}px to ${right}px of ${window.innerWidth}px`] : [];
        })""",
        GUTTER_PX,
    )
    assert not flush, f"content touches the screen's edge on {page.url}: {flush}"


PILLS = ".status, .badge, .webtoon__badge"


def assert_pills_on_one_line(page):
    """Status pills (완료, 미완료, 읽음, …) are never squeezed into two lines beside a long title."""
    broken = page.evaluate(
        # The lines of the pill's words only: an icon beside them sits at its own height on the same line.
        """(selector) => [...document.querySelectorAll(selector)].filter((pill) => {
            const tops = new Set();
            const words = document.createTreeWalker(pill, NodeFilter.SHOW_TEXT);
            while (words.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(words.currentNode);
                for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
            }
            return tops.size > 1;
        }).map((pill) => pill.textContent.trim())""",
        PILLS,
    )
    assert not broken, f"pills broken over lines on {page.url}: {broken}"


def assert_no_csp_violations(page):
    violations = getattr(page, "csp_violations", None)
    assert violations is not None, "the page must come from new_page(), which listens for CSP violations"
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def assert_accessible(page):
    violations = axe_violations(page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [[n["target"], n.get("failureSummary", "")] for n in v["nodes"]][:5]}
        for v in violations
    ]
    assert not violations, f"axe-core violations on {page.url}:\n{json.dumps(summary, ensure_ascii=False, indent=1)}"
