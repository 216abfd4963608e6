"""The lesson status a SCORM lesson page reads after each commit (courses.views.lesson_status): the
status line and the course's progress bar as the lesson page renders them, for its learner only."""

import pytest
from django.test import Client
from django.urls import reverse

from courses import services
from lms.records.models import LearningEvent
from lms.records.services import mark_complete

pytestmark = pytest.mark.django_db


def status_url(page):
    return reverse("courses:lesson_status", args=[page.pk])


def test_an_enrolled_learner_reads_the_status_and_progress_as_the_lesson_page_shows_them(learner_client, learner, course, lessons):
    services.enrol(user=learner, course=course)
    text, quiz = lessons
    before = learner_client.get(status_url(text)).json()
    assert before["complete"] is False
    assert '<span class="status">미완료</span>' in before["status"] and "data-lesson-status" in before["status"]
    assert "진도 0% (필수 2개 중 0개 완료)" in before["progress"] and 'id="lesson-course-progress"' in before["progress"]

    mark_complete(user=learner, page=text)
    response = learner_client.get(status_url(text))
    after = response.json()
    assert after["complete"] is True and "이 차시를 마쳤습니다." in after["status"]
    assert "진도 50% (필수 2개 중 1개 완료)" in after["progress"]
    assert response["Cache-Control"] == "no-store"
    page_html = learner_client.get(text.url).content.decode()
    assert after["status"].strip() in page_html and after["progress"].strip() in page_html


def test_reading_the_status_writes_nothing(learner_client, learner, course, lessons):
    services.enrol(user=learner, course=course)
    events = LearningEvent.objects.count()
    learner_client.get(status_url(lessons[0]))
    assert LearningEvent.objects.count() == events
    assert learner_client.post(status_url(lessons[0])).status_code == 405


def test_only_the_enrolled_learner_of_a_live_lesson_reads_it(learner_client, course, lessons):
    assert learner_client.get(status_url(lessons[0])).status_code == 403  # not enrolled
    assert learner_client.get(status_url(course)).status_code == 404  # not a lesson
    assert "/accounts/login/" in Client().get(status_url(lessons[0]))["Location"]
