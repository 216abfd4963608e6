"""A course taken in order, in Chromium on a phone: lesson 2 is locked and says why; the learner reads
lesson 1 to the end, and lesson 2 opens. axe-core finds nothing on any page, at 360×740 and 1280×800."""

import pytest

from courses.models import QuizLessonPage, TextLessonPage
from tests.browser import PHONE, check_page, new_page, sign_in
from tests.courses.conftest import QUESTIONS, Org, make_course, make_staff
from tests.e2e.steps import enrol
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e
READING_SECONDS = 1
DESKTOP_800 = {"width": 1280, "height": 800}


@pytest.fixture
def course_in_order(transactional_db):
    make_staff("2024001", "김민수", Org().team)
    course = make_course(lessons_in_order=True)
    text = TextLessonPage(title="폭언·욕설 민원 대응 3단계", body="<p>1단계: 중단 요청</p><p>2단계: 녹음 고지</p>",
                          minimum_reading_seconds=READING_SECONDS)
    course.add_child(instance=text)
    quiz_page = QuizLessonPage(title="사례 확인 퀴즈", questions=QUESTIONS, pass_mark=60, attempt_limit=2)
    course.add_child(instance=quiz_page)
    return course, text, quiz_page


def test_lesson_two_opens_once_lesson_one_is_read(chromium, live_server, course_in_order):
    base = live_server.url
    course, text, quiz_page = course_in_order
    page = new_page(chromium, viewport=PHONE)
    sign_in(page, base, "2024001", PASSWORD, course.get_parent().url)
    enrol(page, base, course)

    lessons = page.locator(".lesson-list__item")
    assert lessons.nth(0).locator(".lesson-state").inner_text().strip() == "열림"
    assert lessons.nth(1).locator(".lesson-state").inner_text().strip() == "잠김"
    assert page.get_by_text("이전 차시 «폭언·욕설 민원 대응 3단계»를 마치면 열립니다.").is_visible()
    assert page.get_by_role("link", name=quiz_page.title).count() == 0

    # Straight to lesson 2's address: a locked page with the way back to lesson 1, and no quiz.
    page.goto(f"{base}{quiz_page.url}")
    page.get_by_role("heading", name="아직 열리지 않은 차시입니다").wait_for()
    assert page.get_by_role("button", name="답안 제출").count() == 0
    check_page(page)
    page.locator(".lesson-locked").get_by_role("link", name="«폭언·욕설 민원 대응 3단계»를").click()
    page.wait_for_url(f"{base}{text.url}")
    assert page.get_by_text("이 차시를 마치면 다음 차시가 열립니다.").is_visible()
    check_page(page)

    # Read to the end; the server accepts once the minimum reading time has passed since the opening.
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.initiatorType === 'fetch')")
    page.wait_for_timeout(READING_SECONDS * 1000 + 200)
    page.locator("[data-reading-end]").scroll_into_view_if_needed()
    page.wait_for_function("() => !document.querySelector('[data-reading-button]').disabled")
    page.get_by_role("button", name="읽었습니다").click()
    page.get_by_text("끝까지 읽은 것으로 기록했습니다").wait_for()
    check_page(page)

    page.get_by_role("link", name="다음 차시 ›").click()
    page.wait_for_url(f"{base}{quiz_page.url}")
    page.get_by_role("button", name="답안 제출").wait_for()
    check_page(page)

    page.goto(f"{base}{course.url}")
    assert lessons.nth(0).locator(".lesson-state").inner_text().strip() == "완료"
    assert lessons.nth(1).locator(".lesson-state").inner_text().strip() == "진행 중"
    check_page(page)
    page.context.close()


def test_locked_states_are_accessible_on_a_desktop(chromium, live_server, course_in_order):
    base = live_server.url
    course, text, quiz_page = course_in_order
    page = new_page(chromium, viewport=DESKTOP_800)
    sign_in(page, base, "2024001", PASSWORD, course.get_parent().url)
    enrol(page, base, course)
    assert page.locator(".lesson-state--locked").count() == 1
    page.goto(f"{base}{quiz_page.url}")
    page.get_by_role("heading", name="아직 열리지 않은 차시입니다").wait_for()
    check_page(page)
    page.context.close()
