"""A learner takes a course in Chromium: enrols, reads a text lesson to the end, passes a quiz on the
server, sees the progress in 내 학습; then (the video lesson recorded by the records app) downloads the
certificate, which anyone can verify. axe-core finds no violation on any page, on a desktop and on a
360×740 phone.
"""

import re
from urllib.parse import unquote

import pytest

from courses import quiz
from courses.models import CourseCompletion, QuizLessonPage, TextLessonPage, VideoLessonPage
from lms.records.models import EventKind, LearningEvent
from lms.records.services import mark_complete
from tests.browser import DESKTOP, PHONE, assert_accessible, check_page, new_page, sign_in
from tests.e2e.steps import enrol
from tests.courses.conftest import QUESTIONS, Org, make_course, make_staff, make_video
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e
READING_SECONDS = 3

LONG_TEXT = "".join(
    f"<h2>{number}. 폭언 대응 단계</h2><p>중단을 요청하고, 녹음을 고지하고, 그래도 계속되면 응대를 종료한 뒤 보고합니다. "
    "기록은 나를 지키는 가장 확실한 수단입니다.</p>"
    for number in range(1, 16)
)


@pytest.fixture
def course_content(transactional_db):
    learner = make_staff("2024001", "김민수", Org().team)
    course = make_course()
    text = TextLessonPage(title="폭언·욕설 민원 대응 3단계", body=LONG_TEXT, minimum_reading_seconds=READING_SECONDS)
    course.add_child(instance=text)
    quiz_page = QuizLessonPage(title="사례 확인 퀴즈", questions=QUESTIONS, pass_mark=60, attempt_limit=2)
    course.add_child(instance=quiz_page)
    video = VideoLessonPage(title="사례 영상", video=make_video())
    course.add_child(instance=video)
    return {
        "learner": learner,
        "course": course,
        "text": text,
        "quiz": QuizLessonPage.objects.get(pk=quiz_page.pk),
        "video": video,
    }


def test_learner_enrols_reads_passes_a_quiz_and_gets_a_verifiable_certificate(chromium, live_server, course_content):
    base, content = live_server.url, course_content
    course, text, quiz_page = content["course"], content["text"], content["quiz"]
    page = new_page(chromium, viewport=DESKTOP)
    sign_in(page, base, "2024001", PASSWORD, course.get_parent().url)
    assert_accessible(page)

    # Course listing → course page → 수강 신청.
    enrol(page, base, course)

    # Text lesson: the page tells the server it opened; 읽었습니다 only once the end of the text has been on
    # screen, and accepted only once the lesson's minimum reading time has passed since the opening.
    page.get_by_role("link", name="이어서 학습하기: 폭언·욕설 민원 대응 3단계").click()
    page.wait_for_url(f"{base}{text.url}")
    confirm = page.get_by_role("button", name="읽었습니다")
    assert confirm.is_disabled()
    assert_accessible(page)
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.initiatorType === 'fetch')")
    assert LearningEvent.objects.filter(page=text, kind=EventKind.OPEN).exists()
    for _ in range(2):  # at once: too early (nothing lost); after the reading time: recorded
        page.locator("[data-reading-end]").scroll_into_view_if_needed()
        page.wait_for_function("() => !document.querySelector('[data-reading-button]').disabled")
        page.get_by_role("button", name="읽었습니다").click()
        page.wait_for_load_state()
        if "끝까지 읽은 것으로 기록했습니다" in page.content():
            break
        assert "이 차시는 읽는 데 3초 이상 걸립니다" in page.content()
        assert_accessible(page)
        page.wait_for_timeout(READING_SECONDS * 1000)
    page.get_by_text("끝까지 읽은 것으로 기록했습니다").wait_for()
    assert_accessible(page)

    # Quiz: nothing on the page says which choice is right; the server grades the submission.
    page.get_by_role("link", name="다음 차시 ›").click()
    page.wait_for_url(f"{base}{quiz_page.url}")
    assert "is_correct" not in page.content()
    assert_accessible(page)
    for question in quiz.questions_of(quiz_page).values():
        for choice_id in question.correct:
            page.locator(f'input[name="q-{question.id}"][value="{choice_id}"]').check()
    page.get_by_role("button", name="답안 제출").click()
    page.get_by_role("heading", name="1회차 결과: 100점 · 합격").wait_for()
    assert page.locator(".quiz-feedback__explanation").count() == 3
    assert_accessible(page)

    # 내 학습: two of three required lessons done, 이어서 학습 leads to the video lesson.
    page.get_by_role("link", name="내 학습").click()
    page.wait_for_url(f"{base}/my/learning/")
    assert page.get_by_text("진도 67% (필수 3개 중 2개 완료)").is_visible()
    continue_link = page.get_by_role("link", name=re.compile(rf"이어서 학습\s*:\s*{course.title}"))
    assert unquote(continue_link.get_attribute("href")) == unquote(content["video"].url)
    assert_accessible(page)

    # The records app completes the video lesson; the course is then complete with its certificate.
    mark_complete(user=content["learner"], page=content["video"])
    completion = CourseCompletion.objects.get(user=content["learner"], course=course)
    page.reload()
    assert page.get_by_text("6시간").first.is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(rf"수료증 내려받기\s*:\s*{course.title}")).click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert_accessible(page)
    page.context.close()

    # Anyone (not signed in) verifies it, on a phone.
    phone = new_page(chromium, viewport=PHONE)
    phone.goto(f"{base}/certificates/verify/{completion.serial}/")
    assert phone.get_by_role("heading", name="정상 발급된 수료증입니다").is_visible()
    assert phone.get_by_text("김*수").is_visible()
    assert_accessible(phone)
    phone.context.close()


def test_the_course_pages_are_accessible_on_a_phone(chromium, live_server, course_content):
    base, content = live_server.url, course_content
    page = new_page(chromium, viewport=PHONE)
    sign_in(page, base, "2024001", PASSWORD, content["course"].url)
    assert_accessible(page)
    page.get_by_role("button", name="수강 신청").click()
    page.get_by_text("수강 신청이 완료되었습니다").wait_for()
    check_page(page)

    for lesson in (content["text"], content["quiz"], content["video"]):
        page.goto(f"{base}{lesson.url}")
        check_page(page)

    # A wrong submission on the phone: per-question feedback, another attempt offered.
    page.goto(f"{base}{content['quiz'].url}")
    for question in quiz.questions_of(content["quiz"]).values():
        wrong = [choice for choice, _ in question.choices if choice not in question.correct][0]
        page.locator(f'input[name="q-{question.id}"][value="{wrong}"]').check()
    page.get_by_role("button", name="답안 제출").click()
    page.get_by_role("heading", name="1회차 결과: 0점 · 불합격").wait_for()
    assert page.get_by_role("link", name="다시 응시하기").is_visible()
    assert_accessible(page)

    page.goto(f"{base}/my/learning/")
    assert_accessible(page)
    page.context.close()
