"""A learner takes a whole course on a 360×740 phone, with nothing faked on the way (issue 5).

The learner signs in, opens the course from the course list and enrols; plays a real transcoded clip
through hls.js until it ends, and the heartbeat endpoint credits the video lesson; passes a quiz graded
by the server; works through the demo SCORM 1.2 package on the SCORM content origin (scorm-again); sees
the course complete in 내 학습; downloads the certificate PDF and opens the verification URL printed
in it. axe-core finds no violation on any page visited, and no page scrolls sideways.
"""

import re

import pytest

from courses import quiz
from courses.models import CourseCompletion, QuizLessonPage, ScormLessonPage, VideoLessonPage
from courses.scorm.demo import demo_package
from lms.records.models import LearningState
from tests.browser import PHONE, check_page, inject_axe, new_page, sign_in
from tests.e2e.steps import enrol
from tests.courses.conftest import QUESTIONS, Org, make_course, make_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def course_with_three_lessons(transactional_db, transcoded_video):
    """A course with a video, a quiz and a SCORM lesson, all required, and a learner not yet enrolled."""
    video = transcoded_video("폭언 민원 응대 사례")  # the 3-second test clip, really transcoded to HLS
    learner = make_staff("2024001", "김민수", Org().team)
    course = make_course()
    video_lesson = VideoLessonPage(title="사례 영상", video=video)  # completion threshold: the default 90 %
    course.add_child(instance=video_lesson)
    quiz_lesson = QuizLessonPage(title="사례 확인 퀴즈", questions=QUESTIONS, pass_mark=60, attempt_limit=2)
    course.add_child(instance=quiz_lesson)
    scorm_lesson = ScormLessonPage(title="3단계 대응 실습", package=demo_package())
    course.add_child(instance=scorm_lesson)
    return {
        "learner": learner,
        "course": course,
        "video": video_lesson,
        "quiz": QuizLessonPage.objects.get(pk=quiz_lesson.pk),  # reloaded: the stored block ids
        "scorm": scorm_lesson,
    }


def open_user_menu(page):
    """On a phone the site navigation sits behind the 메뉴 button."""
    toggle = page.get_by_role("button", name="메뉴")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def test_a_learner_takes_a_whole_course_on_a_phone(chromium, live_server, scorm_content_origin, course_with_three_lessons):
    base, content = live_server.url, course_with_three_lessons
    learner, course = content["learner"], content["course"]
    page = new_page(chromium, viewport=PHONE)

    # Sign in on the way to the course list, then open the course and enrol.
    sign_in(page, base, learner.username, PASSWORD, course.get_parent().url)
    check_page(page)
    enrol(page, base, course)

    # 1. Video lesson: hls.js plays the clip to its end; the heartbeat endpoint credits what was watched.
    page.get_by_role("link", name="이어서 학습하기: 사례 영상").click()
    page.wait_for_url(f"{base}{content['video'].url}")
    player = page.locator("[data-video-player]")
    page.wait_for_function("() => document.querySelector('[data-video-player]').lmsHls !== undefined")
    assert page.evaluate("() => document.querySelector('video').src").startswith("blob:")  # MSE, not a file URL
    check_page(page)
    video = player.locator("video")
    video.focus()
    video.press(" ")  # player.js: the space bar plays and pauses
    page.wait_for_function("() => document.querySelector('video').ended", timeout=20_000)
    # Credited well before the next 15-second periodic beat: heartbeat.js sends one when the clip ends.
    player.get_by_role("status").get_by_text("시청 완료로 기록되었습니다.").wait_for(timeout=10_000)
    state = LearningState.objects.get(user=learner, page=content["video"])
    assert state.completed_at is not None and state.verified_percent >= 90
    page.reload()
    assert page.get_by_text("이 차시를 마쳤습니다.").is_visible()
    check_page(page)

    # 2. Quiz: the server grades the submitted answers.
    page.get_by_role("link", name="다음 차시 ›").click()
    page.wait_for_url(f"{base}{content['quiz'].url}")
    check_page(page)
    for question in quiz.questions_of(content["quiz"]).values():
        for choice_id in question.correct:
            page.locator(f'input[name="q-{question.id}"][value="{choice_id}"]').check()
    page.get_by_role("button", name="답안 제출").click()
    page.get_by_role("heading", name="1회차 결과: 100점 · 합격").wait_for()
    check_page(page)

    # 3. SCORM lesson: the demo package runs under the player on the content origin and reports "passed" via scorm-again.
    page.get_by_role("link", name="다음 차시 ›").click()
    page.wait_for_url(f"{base}{content['scorm'].url}")
    player = page.frame_locator("iframe[data-scorm-frame]")
    sco = player.frame_locator("iframe[data-sco-frame]")
    sco.get_by_text("1 / 5쪽").wait_for()
    for frame in page.frames[1:]:  # axe in the page asks axe in the player's frame and the package's
        inject_axe(frame)
    check_page(page)
    for _ in range(4):
        sco.get_by_role("button", name="다음").click()
    sco.get_by_text("5 / 5쪽").wait_for()
    sco.get_by_role("group", name="1. 공감은").get_by_label("아니다(X)").check()
    sco.get_by_label("정중하게 중단을 요청하고 안내한다").check()
    sco.get_by_role("group", name="3. 응대를 종료한 뒤에는").get_by_label("맞다(O)").check()
    sco.get_by_role("button", name="제출하기").click()
    sco.get_by_text("점수 100점으로 통과했습니다").wait_for()
    player.get_by_text("학습 기록을 저장했습니다").wait_for()  # the commit reached the server

    # 내 학습: the course is complete, with the course's recognised hours.
    open_user_menu(page)
    page.get_by_role("link", name="내 학습").click()
    page.wait_for_url(f"{base}/my/learning/")
    completed = page.locator("section", has=page.get_by_role("heading", name="이수한 과정"))
    assert completed.get_by_role("heading", name=course.title).is_visible()
    assert completed.get_by_text("인정 6시간").is_visible()
    assert page.get_by_text("학습 중인 과정이 없습니다.").is_visible()
    check_page(page)
    completion = CourseCompletion.objects.get(user=learner, course=course)

    # The certificate: a PDF served as one, carrying its public verification URL.
    download_link = page.get_by_role("link", name=re.compile(rf"수료증 내려받기\s*:\s*{course.title}"))
    response = page.request.get(base + download_link.get_attribute("href"))  # the page's cookies
    assert response.ok and response.headers["content-type"] == "application/pdf"
    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    verify_url = re.search(rb"/URI \((http[^)]+)\)", pdf).group(1).decode()
    assert verify_url == f"{base}/certificates/verify/{completion.serial}/"

    page.goto(verify_url)
    assert page.get_by_role("heading", name="정상 발급된 수료증입니다").is_visible()
    assert page.get_by_text("김*수").is_visible()
    check_page(page)
    page.context.close()

