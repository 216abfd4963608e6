"""올해 다시 이수: a course completed in an earlier evaluation year is completed again this year, with
its hours in this year, while the earlier completion, its certificate and its hours stay."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from courses import quiz
from courses.models import CourseCompletion, QuizAttempt
from courses.selectors import course_progress
from lms.records.models import CompletionRecord, EventKind, LearningEvent, LearningState
from lms.records.selectors import hours_by_year

from .test_completion import read

pytestmark = pytest.mark.django_db

A_YEAR = timedelta(days=366)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pass_quiz(client, quiz_page):
    client.get(quiz_page.url)
    attempt = QuizAttempt.objects.filter(page=quiz_page, submitted_at__isnull=True).order_by("-number").first()
    answers = {f"q-{q.id}": sorted(q.correct) for q in quiz.questions_of(quiz_page).values()}
    return client.post(quiz_page.url, {"attempt": str(attempt.number), **answers})


def complete_course(client, lessons):
    text, quiz_page = lessons
    read(client, text)
    pass_quiz(client, quiz_page)


def as_if_last_year(user):
    """Move everything the learner did back by a year, as if the course had been completed then."""
    CourseCompletion.objects.filter(user=user).update(completed_at=F("completed_at") - A_YEAR, evaluation_year=F("evaluation_year") - 1)
    CompletionRecord.objects.filter(user=user).update(completed_on=F("completed_on") - A_YEAR, evaluation_year=F("evaluation_year") - 1)
    LearningEvent.objects.filter(user=user).update(created_at=F("created_at") - A_YEAR)
    LearningState.objects.filter(user=user).update(
        completed_at=F("completed_at") - A_YEAR, first_viewed_at=F("first_viewed_at") - A_YEAR
    )
    QuizAttempt.objects.filter(user=user).update(started_at=F("started_at") - A_YEAR, submitted_at=F("submitted_at") - A_YEAR)


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


def test_completed_last_year_complete_again_this_year(enrolled, learner, course, lessons):
    this_year = timezone.localdate().year
    complete_course(enrolled, lessons)
    first = CourseCompletion.objects.get(user=learner)
    as_if_last_year(learner)

    html = enrolled.get(course.url).content.decode()
    assert "올해 다시 이수" in html and f"{this_year - 1}년에 이수한 과정입니다" in text_of(html)

    response = enrolled.post(course.url, {"action": "complete_again"})
    assert response.status_code == 302
    LearningEvent.objects.filter(kind=EventKind.RESTART).update(created_at=F("created_at") - timedelta(hours=1))
    progress = course_progress(learner, course)
    assert progress.completion is None and progress.required_done == 0
    assert "올해 다시 이수를 시작했습니다" in (page := enrolled.get(course.url).content.decode())
    assert 'value="complete_again"' not in page

    complete_course(enrolled, lessons)
    second = CourseCompletion.objects.exclude(pk=first.pk).get(user=learner)
    assert second.evaluation_year == this_year and second.serial != first.serial
    courses = CompletionRecord.objects.filter(user=learner, item_kind="course").order_by("evaluation_year")
    assert [(r.evaluation_year, r.hours) for r in courses] == [(this_year - 1, Decimal("6.00")), (this_year, Decimal("6.00"))]
    assert CompletionRecord.objects.filter(user=learner, item_kind="lesson", evaluation_year=this_year).count() == 2
    assert hours_by_year(user=learner, years=[this_year - 1, this_year]) == {this_year - 1: 6, this_year: 6}
    assert course_progress(learner, course).completion == second

    # Within this year the course is done: a second 다시 이수 is refused and nothing changes.
    enrolled.post(course.url, {"action": "complete_again"}, follow=True)
    assert not LearningEvent.objects.filter(kind=EventKind.RESTART, created_at__gte=second.completed_at).exists()
    assert CourseCompletion.objects.filter(user=learner).count() == 2

    text = text_of(enrolled.get("/my/learning/").content.decode())
    assert f"{this_year}년 · 인정 6시간" in text and f"{this_year - 1}년 · 인정 6시간" in text


def test_complete_again_refused_for_a_course_completed_this_year_or_not_at_all(enrolled, learner, course, lessons):
    response = enrolled.post(course.url, {"action": "complete_again"}, follow=True)
    assert "아직 이수하지 않은 과정입니다" in response.content.decode()
    complete_course(enrolled, lessons)
    response = enrolled.post(course.url, {"action": "complete_again"}, follow=True)
    assert "올해 이미 이수한 과정입니다" in response.content.decode()
    assert not LearningEvent.objects.filter(kind=EventKind.RESTART).exists()
    assert LearningState.objects.filter(user=learner, completed_at__isnull=False).count() == 2


def test_one_completion_a_year_even_if_restarted_state_is_forged(learner, course, lessons):
    """Hours are granted once a year: a learner whose lessons start over within the same year (e.g. a
    rebuilt state) completes the course no second time."""
    from courses import services
    from lms.records.services import mark_complete, restart_attempt

    services.enrol(user=learner, course=course)
    for lesson in lessons:
        mark_complete(user=learner, page=lesson)
    restart_attempt(user=learner, pages=[course, *lessons])
    for lesson in lessons:
        mark_complete(user=learner, page=lesson)
    assert CourseCompletion.objects.filter(user=learner).count() == 1
    assert CompletionRecord.objects.filter(user=learner, item_kind="course").count() == 1
