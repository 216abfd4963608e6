"""Time that counts towards a course is measured by the server, for every lesson kind (issue 14, point 1)."""

import json
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import Client

from courses import services
from courses.models import CourseCompletion, ScormLessonPage, TextLessonPage
from courses.scorm.access import launch_token
from courses.scorm.demo import demo_package
from courses.scorm.models import ScormAttempt, ScormSession
from courses.selectors import course_progress
from lms.records.models import CompletionRecord, EventKind, LearningEvent, LearningState
from tests.records.conftest import Clock
from tests.scorm.conftest import commit_path, on_content_origin

pytestmark = pytest.mark.django_db

# About 1,000 characters of Korean text, the length of a typical 읽기 차시: two minutes at 500 a minute.
BODY = "<p>" + "악성민원에는 혼자 대응하지 않고 팀장에게 즉시 알립니다. " * 40 + "</p>"


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


@pytest.fixture
def scorm_lesson(course):
    lesson = ScormLessonPage(title="민원 응대 실습 (SCORM)", package=demo_package())
    course.add_child(instance=lesson)
    return lesson


@pytest.fixture
def text_lesson(course):
    lesson = TextLessonPage(title="폭언 대응 3단계", body=BODY)
    course.add_child(instance=lesson)
    return lesson


def player_config(client, lesson):
    """The launch token in the player's address the lesson page frames (SCORM's content origin)."""
    html = client.get(lesson.url).content.decode()
    found = re.search(r'<iframe[^>]* src="[^"]*/launch/([^/"]+)/"', html)
    return {"launchToken": unescape(found.group(1))}


def commit(client, lesson, cmi, launch):
    """What scorm-player.js posts to the launch's commit URL on the content origin (form-encoded, as
    sendBeacon sends the final commit), with no session: the launch token is the credential."""
    body = urlencode({"cmi": json.dumps(cmi), "final": "0"})
    return on_content_origin(
        Client(), "post", commit_path(launch or "none"), body,
        content_type="application/x-www-form-urlencoded;charset=UTF-8",
    )


def credited(learner, lesson):
    return LearningState.objects.get(user=learner, page=lesson).verified_seconds


def test_the_issues_attack_does_not_complete_a_course_that_demands_300_minutes(
    enrolled, learner, course, scorm_lesson, text_lesson
):
    course.minimum_minutes = 300
    course.save()
    launch = player_config(enrolled, scorm_lesson)["launchToken"]
    response = commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "passed", "cmi.core.total_time": "0005:00:00"}, launch)
    assert response.status_code == 200, response.content
    enrolled.post(text_lesson.url, {"action": "open"})
    enrolled.post(text_lesson.url, {"reached_end": "1"})

    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()
    assert not CompletionRecord.objects.filter(user=learner, item_kind="course").exists()
    assert course_progress(learner, course).seconds_spent < 60, "the SCO's five hours are not credited"
    attempt = ScormAttempt.objects.get(user=learner, page=scorm_lesson)
    assert attempt.total_seconds == 5 * 3600 and attempt.completed_at is not None, "kept as the SCO's claim"
    assert "SCO 보고 시간: 300분" in enrolled.get(scorm_lesson.url).content.decode()


def test_a_scorm_commit_without_a_launch_the_server_issued_is_refused(enrolled, learner, course, scorm_lesson):
    for launch in ("", "forged", launch_token(learner, course)):  # none, forged, another page's
        response = commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "passed"}, launch)
        assert response.status_code == 403
        assert response.json()["error"] == "서버가 시작한 학습이 아니어서 학습 기록을 저장할 수 없습니다. 차시 화면을 새로 연 뒤 다시 학습해 주세요."
    assert not ScormAttempt.objects.exists() and not ScormSession.objects.exists()
    assert not LearningState.objects.filter(page=scorm_lesson, completed_at__isnull=False).exists()


def test_scorm_time_is_the_wall_clock_since_the_launch_capped_per_session(enrolled, learner, scorm_lesson, settings, clock):
    settings.SCORM_SESSION_CAP_SECONDS = 3600
    launched_at = clock()
    launch = player_config(enrolled, scorm_lesson)["launchToken"]  # a GET: nothing is written yet
    assert not ScormSession.objects.exists()

    clock.advance(600)
    commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "incomplete", "cmi.core.session_time": "0002:00:00"}, launch)
    session = ScormSession.objects.get()
    assert session.launched_at == launched_at and session.commit_count == 1
    assert credited(learner, scorm_lesson) == pytest.approx(600), "ten minutes passed, whatever the SCO says"
    assert session.sco_session_time == "0002:00:00"

    clock.advance(2 * 3600)  # the SCO stays open for hours: the session's credit stops at the cap
    assert commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "completed"}, launch).status_code == 200
    assert credited(learner, scorm_lesson) == pytest.approx(3600)
    assert ScormAttempt.objects.get().completed_at is not None, "the statuses still come from the SCO"
    time = LearningEvent.objects.filter(kind=EventKind.SCORM_COMMIT).latest("id").data["time"]
    assert time["credited"] == pytest.approx(3000)


def test_overlapping_launches_of_a_lesson_count_the_same_minutes_once(enrolled, learner, scorm_lesson, clock):
    first = player_config(enrolled, scorm_lesson)["launchToken"]
    clock.advance(300)
    second = player_config(enrolled, scorm_lesson)["launchToken"]  # a second tab
    clock.advance(300)
    commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "incomplete"}, first)
    commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "incomplete"}, second)
    assert ScormSession.objects.count() == 2
    assert credited(learner, scorm_lesson) == pytest.approx(600)


def test_a_text_lesson_confirmed_too_early_is_refused_and_can_be_confirmed_later(
    enrolled, learner, text_lesson, clock
):
    assert text_lesson.reading_seconds_required == 120
    enrolled.get(text_lesson.url)
    assert not LearningEvent.objects.filter(kind=EventKind.OPEN).exists(), "a GET writes no opening"
    assert enrolled.post(text_lesson.url, {"action": "open"}).json() == {"opened": True}

    clock.advance(30)
    response = enrolled.post(text_lesson.url, {"reached_end": "1"}, follow=True)
    assert "이 차시는 읽는 데 2분 이상 걸립니다. 1분 30초 뒤에 다시" in response.content.decode()
    assert LearningState.objects.get(user=learner, page=text_lesson).completed_at is None

    clock.advance(120)
    enrolled.post(text_lesson.url, {"action": "open"})  # a reload: the first opening still counts
    response = enrolled.post(text_lesson.url, {"reached_end": "1"}, follow=True)
    assert "끝까지 읽은 것으로 기록했습니다." in response.content.decode()
    state = LearningState.objects.get(user=learner, page=text_lesson)
    assert state.completed_at is not None and state.verified_seconds == pytest.approx(150)


def test_reading_credit_is_capped_and_the_minimum_is_editable(enrolled, learner, text_lesson, clock):
    text_lesson.minimum_reading_seconds = 20
    text_lesson.save()
    enrolled.post(text_lesson.url, {"action": "open"})
    clock.advance(3600)  # the tab stayed open for an hour
    enrolled.post(text_lesson.url, {"reached_end": "1"})
    assert credited(learner, text_lesson) == 20 * services.READING_CREDIT_FACTOR
    clock.advance(600)
    enrolled.post(text_lesson.url, {"reached_end": "1"})  # confirming again credits nothing more
    assert credited(learner, text_lesson) == 20 * services.READING_CREDIT_FACTOR


def test_without_javascript_the_first_confirmation_starts_the_reading(enrolled, learner, text_lesson, clock):
    response = enrolled.post(text_lesson.url, {"reached_end": "1"}, follow=True)
    assert "2분 뒤에 다시" in response.content.decode()
    clock.advance(121)
    enrolled.post(text_lesson.url, {"reached_end": "1"})
    assert LearningState.objects.get(user=learner, page=text_lesson).completed_at is not None


def test_reading_and_scorm_share_the_learners_one_clock(enrolled, learner, scorm_lesson, text_lesson, clock):
    """Twenty minutes with a SCO open and a text open at once are credited once, not twice."""
    launch = player_config(enrolled, scorm_lesson)["launchToken"]
    enrolled.post(text_lesson.url, {"action": "open"})
    clock.advance(1200)
    commit(enrolled, scorm_lesson, {"cmi.core.lesson_status": "incomplete"}, launch)
    response = enrolled.post(text_lesson.url, {"reached_end": "1"}, follow=True)
    assert "같은 시간에 다른 학습 시간이 이미 인정되어" in response.content.decode()
    assert credited(learner, scorm_lesson) == pytest.approx(1200)
    assert LearningState.objects.get(user=learner, page=text_lesson).completed_at is None
