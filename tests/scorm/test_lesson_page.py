"""A SCORM lesson page in Chromium on a phone: the frame takes the screen below the header, 전체 화면 works
with the Fullscreen API and without it (iPhone Safari), and a commit updates the lesson's status and the
course's progress on the page without a reload."""

import pytest

from courses import services
from courses.models import ScormLessonPage, TextLessonPage
from courses.scorm.demo import demo_package
from lms.records.models import LearningEvent
from tests.browser import PHONE, check_page, inject_axe
from tests.courses.conftest import Org, make_course, make_staff

from .browsing import logged_in_page, player, sco, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("scorm_content_origin")]

# What iPhone Safari offers a page: no Fullscreen API for an element.
NO_ELEMENT_FULLSCREEN = """
Object.defineProperty(Document.prototype, "fullscreenEnabled", {get: () => false});
delete Element.prototype.requestFullscreen;
"""


@pytest.fixture
def lesson():
    """The demo SCORM lesson in a course with a second required lesson, and its learner enrolled."""
    learner = make_staff("2024001", "김민수", Org().team)
    course = make_course()
    scorm_lesson = course.add_child(instance=ScormLessonPage(title="3단계 대응 실습", package=demo_package()))
    course.add_child(instance=TextLessonPage(title="폭언 대응 3단계", body="<p>팀장에게 알립니다.</p>"))
    services.enrol(user=learner, course=course)
    return {"learner": learner, "page": scorm_lesson}


def open_lesson(chromium, live_server, lesson, init_script=None):
    page = logged_in_page(chromium, live_server, lesson["learner"], viewport=PHONE)
    if init_script:
        page.add_init_script(init_script)
    page.goto(live_server.url + lesson["page"].url)
    sco(page).get_by_text("1 / 5쪽").wait_for()
    for frame in page.frames[1:]:  # axe in the page asks axe in the player's frame and the package's
        inject_axe(frame)
    return page


def box(page, selector):
    return page.locator(selector).bounding_box()


def close(page, lesson):
    # The terminate commit goes by sendBeacon; let it land before the teardown flush (else a deadlock).
    final_commits = LearningEvent.objects.filter(
        user=lesson["learner"], page=lesson["page"], kind="scorm_commit", data__final=True
    )
    before = final_commits.count()
    page.close(run_before_unload=True)
    wait_for(lambda: final_commits.count() > before)
    page.context.close()


def test_the_frame_fits_the_screen_below_the_header(chromium, live_server, lesson):
    page = open_lesson(chromium, live_server, lesson)
    header = box(page, ".site-header")
    viewport = box(page, "[data-scorm-viewport]")
    assert abs(viewport["height"] - (PHONE["height"] - header["height"])) <= 2
    assert viewport["x"] >= 12 and viewport["x"] + viewport["width"] <= PHONE["width"] - 12  # the page's gutter
    check_page(page)
    close(page, lesson)


def test_full_screen_with_the_fullscreen_api(chromium, live_server, lesson):
    page = open_lesson(chromium, live_server, lesson)
    page.get_by_role("button", name="전체 화면").click()
    page.wait_for_function("() => document.fullscreenElement === document.querySelector('[data-scorm-viewport]')")
    close_button = page.get_by_role("button", name="닫기")
    assert close_button.is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "닫기"
    close_button.click()
    page.wait_for_function("() => document.fullscreenElement === null")
    assert not close_button.is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "전체 화면"
    close(page, lesson)


def test_full_screen_without_the_fullscreen_api_covers_the_viewport(chromium, live_server, lesson):
    page = open_lesson(chromium, live_server, lesson, init_script=NO_ELEMENT_FULLSCREEN)
    expand = page.get_by_role("button", name="전체 화면")
    expand.focus()
    page.keyboard.press("Enter")
    close_button = page.get_by_role("button", name="닫기")
    close_button.wait_for()
    assert page.evaluate("() => document.fullscreenElement") is None
    assert box(page, "[data-scorm-viewport]") == {"x": 0, "y": 0, "width": PHONE["width"], "height": PHONE["height"]}
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "닫기"
    assert page.evaluate("() => document.querySelector('.site-header').inert")  # Tab stays in the frame
    check_page(page)
    page.keyboard.press("Escape")
    close_button.wait_for(state="hidden")
    assert box(page, "[data-scorm-viewport]")["width"] < PHONE["width"]
    assert not page.evaluate("() => document.querySelector('.site-header').inert")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "전체 화면"
    close(page, lesson)


def test_a_commit_updates_the_lesson_status_and_the_course_progress_without_a_reload(chromium, live_server, lesson):
    page = open_lesson(chromium, live_server, lesson)
    status = page.locator("[data-lesson-status]")
    assert status.inner_text().strip() == "미완료"
    assert page.locator("#lesson-course-progress").inner_text().startswith("진도 0%")
    content = sco(page)
    for _ in range(4):
        content.get_by_role("button", name="다음").click()
    content.get_by_text("5 / 5쪽").wait_for()
    content.get_by_role("group", name="1. 공감은").get_by_label("아니다(X)").check()
    content.get_by_label("정중하게 중단을 요청하고 안내한다").check()
    content.get_by_role("group", name="3. 응대를 종료한 뒤에는").get_by_label("맞다(O)").check()
    content.get_by_role("button", name="제출하기").click()
    player(page).get_by_text("학습 기록을 저장했습니다").wait_for()

    page.get_by_text("이 차시를 마쳤습니다.").wait_for()  # no reload
    assert page.locator("#lesson-course-progress").inner_text() == "진도 50% (필수 2개 중 1개 완료)"
    assert page.locator("progress").get_attribute("value") == "50"
    check_page(page)
    close(page, lesson)


def test_a_message_from_another_origin_is_ignored(chromium, live_server, lesson):
    page = open_lesson(chromium, live_server, lesson)
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "/status/" in request.url else None)
    # The page's own window posting the message: the right shape, the wrong origin and source.
    page.evaluate("() => window.postMessage({type: 'scorm:committed'}, '*')")
    page.wait_for_timeout(800)
    assert requests == []
    close(page, lesson)
