"""A walk, in Chromium, through what each demo login works with, for tests that check every page on the way.

`walk_demo()` signs in through the login form as each demo role and visits the learner pages every role
sees (home, the main menu's sections, the pages they list and those the first of them lists, 내 학습,
내 정보, search) and, for the roles with the admin, the dashboard, every item of their admin menu (submenus
included), the page editor with its scheduling dialog open, the forms adding a video, a SCORM package and a
webtoon episode, the roster import and the page and staff searches. On every page it records the English a
reader meets and every request the browser makes; test_admin_korean.py and test_no_outside_requests.py judge
the record.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from lms.people.demo import DEMO_LOGINS
from tests.browser import DESKTOP, new_page, sign_in

# Names, not words to translate: products, formats and standards, as staff call them too.
ALLOWED_ENGLISH = {
    "wagtail", "scorm", "hls", "csv", "xlsx", "xls", "pdf", "zip", "mp4", "id", "url", "api", "utc",
    "html", "redis", "ffmpeg", "cp949", "euc", "utf", "sco", "cmi", "rss", "atom", "kb", "mb", "gb", "excel", "webp",
    "jpeg", "png", "localhost", "admin",
}
LEARNER_PAGES_PER_SECTION = 4
ADMIN_PREFIX = "/admin/"


@dataclass
class Visit:
    role: str
    url: str
    english: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    overflowing: list[str] = field(default_factory=list)


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)

    def english(self):
        """Every (role, page, phrase) with English outside the allow-list."""
        return [(v.role, v.url, phrase) for v in self.visits for phrase in v.english]

    def overflowing_fields(self):
        """Every (role, page, field) whose control runs past its form field's column or the screen."""
        return [(v.role, v.url, name) for v in self.visits for name in v.overflowing]

    def requests_outside(self, origins):
        """Every (role, page, URL) the browser asked the network for from another origin than `origins`.
        data:, blob: and the browser's own chrome:// (its PDF viewer) never leave the machine."""
        return [
            (v.role, v.url, url)
            for v in self.visits
            for url in v.requests
            if urlsplit(url).scheme in NETWORK_SCHEMES and _origin(url) not in origins
        ]


NETWORK_SCHEMES = {"http", "https", "ws", "wss"}


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Visible text nodes, and the attributes a reader meets (placeholders, labels read aloud, tooltips,
# button values, the tab title). Inside rich-text editors and code it is content, not the interface.
_READABLE_TEXT_JS = """() => {
  const skip = 'script,style,noscript,template,textarea,code,pre,[contenteditable="true"],.DraftEditor-root';
  const shown = el => el.checkVisibility({visibilityProperty: true}) || el.closest('.w-sr-only, .visually-hidden');
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !el.closest(skip) && shown(el) && walker.currentNode.textContent.trim()) {
      texts.push(walker.currentNode.textContent.trim());
    }
  }
  const attrs = ['placeholder', 'aria-label', 'title', 'alt'];
  for (const el of document.body.querySelectorAll('[placeholder],[aria-label],[title],img[alt],input[type=submit],input[type=button]')) {
    if (el.closest(skip) || !shown(el)) continue;
    for (const name of attrs) { if (el.getAttribute(name)) texts.push(el.getAttribute(name)); }
    if (el.matches('input[type=submit],input[type=button]')) texts.push(el.value);
  }
  return texts;
}"""
# Not words: addresses, file names, dotted identifiers (app.model), and codes or acronyms in capitals
# (department codes such as ADM-1, DISC in a title); English interface text is not written in capitals.
_NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+|\S+\.(?:mp4|png|jpe?g|pdf|zip|csv|xlsx|vtt|m3u8|svg|ts)\b|\w+\.\w+|(?<![A-Za-z])[A-Z][A-Z0-9-]*(?![a-z])",
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def english_phrases(texts):
    """The texts that hold a word of two or more Latin letters that is not an allowed name."""
    found = []
    for text in texts:
        words = [w for w in _WORD.findall(_NOT_WORDS.sub(" ", text)) if w.lower().strip("'’") not in ALLOWED_ENGLISH]
        if words:
            found.append(" ".join(text.split())[:120])
    return list(dict.fromkeys(found))


class Walker:
    def __init__(self, chromium, base_url, viewport=DESKTOP):
        self.chromium, self.base_url, self.viewport = chromium, base_url, viewport
        self.walk = Walk()
        self.seen = set()

    def as_role(self, role, username, password, targets):
        page = new_page(self.chromium, viewport=self.viewport)
        self.current = Visit(role=role, url="")
        page.context.on("request", lambda request: self.current.requests.append(request.url))
        self.role, self.seen = role, set()
        self.visit(page, "/")
        self.current = Visit(role=role, url="/accounts/login/")
        sign_in(page, self.base_url, username, password, reverse("my_info"))
        self.record(page)
        for path in self.learner_pages(page):
            self.visit(page, path)
        if page.evaluate("() => !!document.querySelector('a[href=\"/admin/\"]')"):
            self.admin(page, targets)
        page.context.close()

    def visit(self, page, path):
        if path in self.seen:
            return
        self.seen.add(path)
        self.current = Visit(role=self.role, url=path)
        page.goto(urljoin(self.base_url, path))
        settle(page)
        self.record(page)

    def record(self, page):
        self.current.url = urlsplit(page.url).path + (f"?{urlsplit(page.url).query}" if urlsplit(page.url).query else "")
        self.current.english = english_phrases(page.evaluate(_READABLE_TEXT_JS))
        self.current.overflowing = page.evaluate(_OVERFLOWING_FIELDS_JS)
        self.walk.visits.append(self.current)

    def same_site_links(self, page, selector):
        hrefs = page.evaluate(f"() => [...document.querySelectorAll({json.dumps(selector)})].map(a => a.href)")
        paths = []
        for href in hrefs:
            parts = urlsplit(href)
            if _origin(href) == _origin(self.base_url) and not parts.path.startswith(("/media/", "/static/", ADMIN_PREFIX)):
                paths.append(parts.path)
        return list(dict.fromkeys(paths))

    def learner_pages(self, page):
        page.goto(self.base_url + "/")
        sections = self.same_site_links(page, "nav[aria-label='주 메뉴'] a")
        pages = [reverse("courses:my_learning"), reverse("my_info"), reverse("password_change"), "/search/?q=민원"]
        for section in sections:
            listed = self.pages_listed_on(page, section)
            pages += [section, *listed]
            if listed:  # and one level further down: the first course's lessons, say
                pages += self.pages_listed_on(page, listed[0])
        return list(dict.fromkeys(pages))

    def pages_listed_on(self, page, path):
        page.goto(self.base_url + path)
        listed = [p for p in self.same_site_links(page, "main a") if p.startswith(path) and p != path]
        return listed[:LEARNER_PAGES_PER_SECTION]

    def admin(self, page, targets):
        self.visit(page, ADMIN_PREFIX)
        props = json.loads(page.evaluate("() => document.getElementById('wagtail-sidebar-props').textContent"))
        for url in _menu_urls(props):
            self.visit(page, url)
        if targets.get("page_editor") and self.role_can_open(page, targets["page_editor"]):
            self.visit(page, targets["page_editor"])
            self.open_scheduling_dialog(page)
        for key in ["video_form", "scorm_form", "webtoon_episode_form", "roster_import", "page_search", "staff_search"]:
            if targets.get(key) and self.role_can_open(page, targets[key]):
                self.visit(page, targets[key])

    def role_can_open(self, page, path):
        return page.request.get(urljoin(self.base_url, path), max_redirects=0).status == 200

    def open_scheduling_dialog(self, page):
        page.locator("[data-side-panel-toggle='status']").first.click()
        page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
        page.locator("#schedule-publishing-dialog").wait_for(state="visible")
        self.current = Visit(role=self.role, url="")
        self.record(page)
        self.current.url += " (게시 일정 대화 상자)"


# A form control (a select sized to its longest option, say) wider than its field's column overlaps the
# next field; wider than the screen, it runs off a phone.
_OVERFLOWING_FIELDS_JS = """() => [...document.querySelectorAll('.w-field__wrapper')].flatMap(wrapper => {
    const column = wrapper.getBoundingClientRect();
    return [...wrapper.querySelectorAll('select, input, textarea')].filter(control => {
        const box = control.getBoundingClientRect();
        return box.width > 0 && (box.right > column.right + 1 || box.right > innerWidth + 1);
    }).map(control => control.name || control.id);
})"""


def settle(page):
    """Wait until the page has made the requests it makes by itself (scripts, images, the player's first
    segments); a player still buffering may keep the network busy, which is fine after a while."""
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeoutError:
        pass


def _menu_urls(props):
    """Every link of the admin sidebar's menu, submenus included (it is rendered from this JSON)."""
    urls = []

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str) and node["url"].startswith(ADMIN_PREFIX):
                urls.append(node["url"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect([module for module in props["modules"] if module["_type"] == "wagtail.sidebar.MainMenuModule"])
    return list(dict.fromkeys(urls))


def demo_targets():
    """The admin screens to open beyond the menu, in the loaded demo."""
    from courses.models import CoursePage
    from webtoons.models import WebtoonSeriesPage

    course = CoursePage.objects.live().first()
    series = WebtoonSeriesPage.objects.first()
    return {
        "page_editor": reverse("wagtailadmin_pages:edit", args=[course.pk]),
        "video_form": reverse("wagtailsnippets_media_pipeline_video:add"),
        "scorm_form": reverse("wagtailsnippets_scorm_scormpackage:add"),
        "webtoon_episode_form": reverse("wagtailadmin_pages:add", args=["webtoons", "webtoonepisodepage", series.pk]),
        "roster_import": reverse("people_roster_import"),
        # Searches, whose result lines are built around a count ("1가 일치함" before).
        "page_search": f"{reverse('wagtailadmin_pages:search')}?q=민원",
        "staff_search": f"{reverse('people_staff:index')}?q=김민원",
    }


def walk_demo(chromium, base_url, viewport=DESKTOP):
    """Every demo login's walk (see the module's docstring); the demo must be loaded."""
    walker = Walker(chromium, base_url, viewport)
    targets = demo_targets()
    for role, username, password in DEMO_LOGINS:
        walker.as_role(role, username, password, targets)
    return walker.walk
