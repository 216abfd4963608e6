"""A course taken in order (CoursePage.lessons_in_order): a lesson opens once every earlier required
lesson is complete; until then its page, its posts, its heartbeat and its SCORM commits are refused."""

import pytest
from django.test import Client, RequestFactory

from courses import quiz
from courses.models import QuizAttempt, ScormLessonPage, TextLessonPage, VideoLessonPage
from courses.scorm.access import launch_token
from courses.scorm.demo import demo_package
from courses.scorm.models import ScormAttempt
from courses.selectors import course_progress
from lms.records.models import LearningEvent
from lms.records.selectors import may_learn, tracked_content
from lms.records.services import mark_complete
from tests.scorm.conftest import commit_path, on_content_origin

from .conftest import add_lessons, make_video
from .test_recompletion import as_if_last_year, complete_course

pytestmark = pytest.mark.django_db

BEAT = {"event_id": "00000000-0000-4000-8000-000000000001", "intervals": [[0, 5]], "rate": 1.0, "position": 5}
LOCKED = "이전 차시 «폭언·욕설 민원 대응 3단계»를 마치면 열립니다."


@pytest.fixture
def in_order(course):
    course.lessons_in_order = True
    course.save_revision().publish()
    course.refresh_from_db()
    return course


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


def states(user, course):
    return [(status.lesson.title, status.state) for status in course_progress(user, course).lessons]


def add_text(course, title, *, required=True):
    lesson = TextLessonPage(title=title, body="<p>본문</p>", minimum_reading_seconds=0, required=required)
    course.add_child(instance=lesson)
    return lesson


# The rule


def test_each_lesson_waits_for_the_one_before_until_it_is_complete(in_order, lessons, learner):
    text, quiz_page = lessons
    third = add_text(in_order, "3단계 정리")
    assert states(learner, in_order) == [(text.title, "열림"), (quiz_page.title, "잠김"), (third.title, "잠김")]
    assert course_progress(learner, in_order).for_lesson(third).locked_by.lesson == text  # the first to do

    mark_complete(user=learner, page=text)
    assert states(learner, in_order) == [(text.title, "완료"), (quiz_page.title, "열림"), (third.title, "잠김")]
    assert course_progress(learner, in_order).for_lesson(third).locked_by.lesson == quiz_page


def test_a_lesson_opened_but_not_complete_is_in_progress(in_order, lessons, learner, enrolled):
    enrolled.get(lessons[0].url)
    assert states(learner, in_order)[0] == (lessons[0].title, "진행 중")


def test_an_optional_lesson_waits_its_turn_but_holds_back_nothing(in_order, learner):
    first = add_text(in_order, "1차시")
    optional = add_text(in_order, "읽을거리", required=False)
    last = add_text(in_order, "3차시")
    assert states(learner, in_order) == [("1차시", "열림"), ("읽을거리", "잠김"), ("3차시", "잠김")]
    mark_complete(user=learner, page=first)
    assert states(learner, in_order) == [("1차시", "완료"), ("읽을거리", "열림"), ("3차시", "열림")]
    assert optional and last


def test_without_the_setting_every_lesson_is_open(course, lessons, learner):
    assert not course.lessons_in_order  # the default
    assert [state for _, state in states(learner, course)] == ["열림", "열림"]


def test_switched_on_midway_completed_lessons_stay_open_and_count(course, learner, enrolled):
    first, second, third, fourth = (add_text(course, f"{number}차시") for number in range(1, 5))
    mark_complete(user=learner, page=first)
    mark_complete(user=learner, page=third)  # taken out of order before the course said otherwise
    course.lessons_in_order = True
    course.save_revision().publish()
    assert states(learner, course) == [("1차시", "완료"), ("2차시", "열림"), ("3차시", "완료"), ("4차시", "잠김")]
    assert enrolled.get(third.url).status_code == 200
    assert course_progress(learner, course).required_done == 2


def test_after_complete_again_the_order_applies_from_the_first_lesson(in_order, lessons, learner, enrolled):
    text, quiz_page = lessons
    video = VideoLessonPage(title="사례 영상", video=make_video())
    in_order.add_child(instance=video)
    complete_course(enrolled, lessons)
    mark_complete(user=learner, page=video)
    assert may_learn(learner, tracked_content(video.pk))  # a yes, cached for the heartbeat
    as_if_last_year(learner)
    assert [state for _, state in states(learner, in_order)] == ["완료", "완료", "완료"]

    enrolled.post(in_order.url, {"action": "complete_again"})
    assert states(learner, in_order) == [(text.title, "열림"), (quiz_page.title, "잠김"), (video.title, "잠김")]
    assert enrolled.get(quiz_page.url).status_code == 403
    assert not may_learn(learner, tracked_content(video.pk))  # the cached yes was forgotten
    refused = enrolled.post(f"/records/heartbeat/{video.pk}/", BEAT, content_type="application/json")
    assert refused.status_code == 403

    mark_complete(user=learner, page=text)  # this year's completion of lesson 1 opens lesson 2, last year's did not
    assert states(learner, in_order)[1] == (quiz_page.title, "열림")


# The lesson page and every write


def test_a_locked_lesson_page_says_what_opens_it_and_records_nothing(in_order, lessons, learner, enrolled):
    text, quiz_page = lessons
    response = enrolled.get(quiz_page.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert f'이전 차시 <a href="{text.url}">«폭언·욕설 민원 대응 3단계»를</a> 마치면 열립니다.' in html
    assert "답안 제출" not in html and not QuizAttempt.objects.exists()  # no quiz shown, no attempt opened
    assert not LearningEvent.objects.filter(page=quiz_page).exists()


def test_a_locked_video_lesson_issues_no_playback_grant_and_no_heartbeat(in_order, lessons, learner, enrolled):
    video = VideoLessonPage(title="사례 영상", video=make_video())
    in_order.add_child(instance=video)
    html = enrolled.get(video.url).content.decode()
    assert "잠김" in html
    assert "grant=" not in html and "data-heartbeat-url" not in html


def test_the_heartbeat_refuses_a_locked_lesson(in_order, lessons, learner, enrolled):
    video = VideoLessonPage(title="사례 영상", video=make_video())
    in_order.add_child(instance=video)
    url = f"/records/heartbeat/{video.pk}/"
    refused = enrolled.post(url, BEAT, content_type="application/json")
    assert refused.status_code == 403 and "아직 열리지 않은 차시" in refused.json()["error"]
    assert not LearningEvent.objects.filter(page=video).exists()

    for lesson in lessons:
        mark_complete(user=learner, page=lesson)
    assert enrolled.post(url, BEAT, content_type="application/json").status_code == 200


def test_reading_a_locked_text_lesson_is_refused(in_order, learner, enrolled):
    add_text(in_order, "폭언·욕설 민원 대응 3단계")
    second = add_text(in_order, "2차시")
    for post in ({"action": "open"}, {"reached_end": "1"}):
        refused = enrolled.post(second.url, post)
        assert refused.status_code == 403 and refused.json() == {"error": LOCKED}
    assert not LearningEvent.objects.filter(page=second).exists()


def test_submitting_a_locked_quiz_is_refused(in_order, lessons, learner, enrolled):
    text, quiz_page = lessons
    attempt = QuizAttempt.objects.create(
        user=learner, page=quiz_page, number=1, layout=quiz.new_layout(quiz.questions_of(quiz_page), shuffle=False)
    )
    answers = {f"q-{q.id}": sorted(q.correct) for q in quiz.questions_of(quiz_page).values()}
    refused = enrolled.post(quiz_page.url, {"attempt": "1", **answers})
    assert refused.status_code == 403 and refused.json() == {"error": LOCKED}
    attempt.refresh_from_db()
    assert not attempt.is_submitted


@pytest.fixture
def scorm_lesson(in_order, lessons):
    lesson = ScormLessonPage(title="실습", package=demo_package())
    in_order.add_child(instance=lesson)
    return lesson


def test_launching_a_locked_scorm_lesson_is_refused(scorm_lesson, enrolled):
    html = enrolled.get(scorm_lesson.url).content.decode()
    assert "data-scorm-frame" not in html
    response = enrolled.get(f"/scorm/{scorm_lesson.package_id}/launch/?page={scorm_lesson.pk}")
    assert response.status_code == 403 and "권한이 없습니다" in response.content.decode()


def test_a_scorm_commit_on_a_locked_lesson_is_refused(scorm_lesson, learner, enrolled):
    token = launch_token(learner, scorm_lesson)  # e.g. issued before a restart locked the lesson again
    body = "cmi=%7B%22core%22%3A%7B%22lesson_status%22%3A%22completed%22%7D%7D&final=1"
    refused = on_content_origin(
        Client(), "post", commit_path(token), body, content_type="application/x-www-form-urlencoded"
    )
    assert refused.status_code == 403 and refused.json()["result"] == "false"
    assert not ScormAttempt.objects.exists()
    assert not LearningEvent.objects.filter(page=scorm_lesson).exists()


def test_editors_preview_a_locked_lesson(in_order, lessons, learner, enrolled):
    request = RequestFactory().get("/")
    request.user = learner
    html = lessons[1].serve_preview(request, "").rendered_content
    assert "답안 제출" in html


# What the learner sees


def test_the_course_page_shows_each_state_and_why(in_order, lessons, enrolled):
    enrolled.get(lessons[0].url)
    html = enrolled.get(in_order.url).content.decode()
    assert "진행 중</span>" in html and "잠김</span>" in html
    assert LOCKED in html
    assert f'href="{lessons[1].url}"' not in html  # a locked lesson is not a link


def test_next_lesson_navigation_goes_where_the_learner_can_go(in_order, lessons, learner, enrolled):
    text, quiz_page = lessons
    html = enrolled.get(text.url).content.decode()
    assert "다음 차시 ›" not in html and "이 차시를 마치면 다음 차시가 열립니다." in html

    third = add_text(in_order, "3차시")
    add_text(in_order, "4차시")
    mark_complete(user=learner, page=third)  # completed before the order applied: open; 4차시 waits for 1차시
    html = enrolled.get(third.url).content.decode()
    assert f'href="{text.url}">먼저 마칠 차시 ›' in html
    assert f'href="{text.url}" rel="prev"' in html  # the locked quiz between them is skipped

    mark_complete(user=learner, page=text)
    html = enrolled.get(text.url).content.decode()
    assert f'href="{quiz_page.url}" rel="next">다음 차시 ›' in html
