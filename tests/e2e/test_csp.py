"""Chromium refuses nothing on any kind of page (issue 14): every script, style, image, video segment,
frame and request the platform makes is allowed by its Content-Security-Policy.

Chromium reports each refusal on the console; tests/browser.py collects them for every page it opens.
The tour signs in through the login form as an administrator enrolled in a course, so the pages carry
Wagtail's userbar too: every kind of lesson, the player with a really transcoded clip, the SCORM
package running in its frame, a webtoon episode, the manual, error pages, and the admin's dashboard,
page editors (rich text, choosers) and listings.
"""

import pytest
from django.urls import reverse

from courses.models import ScormLessonPage
from courses.scorm.demo import demo_package
from courses.services import enrol
from lms.people.models import User
from tests.browser import assert_no_csp_violations, new_page, sign_in
from tests.courses.conftest import add_lessons, make_course
from tests.factories import PASSWORD, make_editor
from tests.webtoons.factories import make_episode, make_manual, make_series

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def site(transactional_db, transcoded_video):
    admin = User.objects.create_superuser(username="1990001", password=PASSWORD, name="관리자")
    course = make_course()
    text, quiz, video = add_lessons(course, video=transcoded_video("폭언 민원 응대 사례"))
    scorm = ScormLessonPage(title="3단계 대응 실습", package=demo_package())
    course.add_child(instance=scorm)
    enrol(user=admin, course=course)
    return {
        "admin": admin,
        "course": course,
        "lessons": {"text": text, "quiz": quiz, "video": video, "scorm": scorm},
        "webtoon": make_episode(make_series(), 1),
        "manual": make_manual(),
    }


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert_no_csp_violations(page)


def test_the_detector_sees_a_refused_inline_script(chromium, live_server):
    page = new_page(chromium)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.head.append(s); }")
    page.wait_for_function("() => true")
    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_no_csp_violations(page)
    page.context.close()


def test_no_page_triggers_a_csp_violation(chromium, live_server, scorm_content_origin, site):
    base = live_server.url
    page = new_page(chromium)
    visit(page, f"{base}/")
    sign_in(page, base, site["admin"].username, PASSWORD, site["course"].url)  # the login page on the way
    assert_no_csp_violations(page)

    for kind in ["text", "quiz"]:
        visit(page, f"{base}{site['lessons'][kind].url}")

    page.goto(f"{base}{site['lessons']['video'].url}")  # hls.js: MediaSource, its worker, the segments
    page.wait_for_function("() => document.querySelector('[data-video-player]').lmsHls !== undefined")
    page.locator("video").evaluate("video => { video.muted = true; return video.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5", timeout=20_000)
    assert page.evaluate("() => document.querySelector('video').src").startswith("blob:")
    assert_no_csp_violations(page)

    page.goto(f"{base}{site['lessons']['scorm'].url}")  # the player and the package's own scripts, inline ones included
    sco = page.frame_locator("iframe[data-scorm-frame]").frame_locator("iframe[data-sco-frame]")
    sco.get_by_text("1 / 5쪽").wait_for()
    sco.get_by_role("button", name="다음").click()
    sco.get_by_text("2 / 5쪽").wait_for()
    assert_no_csp_violations(page)

    for url in [site["course"].url, site["webtoon"].url, site["manual"].url, reverse("my_info"), "/no-such-page/"]:
        visit(page, f"{base}{url}")

    lessons = site["lessons"]
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[site["course"].pk]),
        reverse("wagtailadmin_pages:edit", args=[lessons["text"].pk]),  # Draftail
        reverse("wagtailadmin_pages:edit", args=[lessons["quiz"].pk]),  # StreamField blocks
        reverse("wagtailadmin_pages:edit", args=[lessons["video"].pk]),  # the video chooser
        reverse("wagtailadmin_pages:edit", args=[site["webtoon"].pk]),  # inline panels, image choosers
        reverse("wagtailadmin_pages:edit", args=[site["course"].pk]),  # date pickers
    ]:
        visit(page, f"{base}{url}")
    page.get_by_role("button", name="미리보기").first.click()  # the preview panel's same-origin iframe
    page.wait_for_load_state("networkidle")
    assert_no_csp_violations(page)
    page.context.close()


def test_the_player_streams_from_object_storage_under_the_policy(chromium, live_server, transactional_db, s3_storage,
                                                                 transcoded_video, s3_endpoint):
    """The segments come from the S3 endpoint, another origin: allowed because the storage names it."""
    video = transcoded_video()
    editor = make_editor()  # the admin's player screen is for those who manage videos
    page = new_page(chromium)
    sign_in(page, live_server.url, editor.username, PASSWORD, reverse("media_pipeline:video", args=[video.pk]))
    segments = []
    page.on("requestfinished", lambda request: request.url.startswith(s3_endpoint) and segments.append(request.url))
    page.wait_for_function("() => document.querySelector('[data-video-player]').lmsHls !== undefined")
    page.locator("video").evaluate("video => { video.muted = true; return video.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5", timeout=20_000)
    assert segments, "no segment was fetched from the storage"
    assert_no_csp_violations(page)
    page.context.close()
