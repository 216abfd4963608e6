import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from courses import services
from courses.models import CourseCompletion, Enrolment, QuizAttempt, TextLessonPage
from lms.records.models import CompletionRecord, LearningEvent, LearningState
from lms.records.services import mark_complete

from .conftest import add_lessons, make_course, make_staff, make_video
from .test_quiz import wrong_answers

pytestmark = pytest.mark.django_db


def read(client, lesson):
    """Open the text lesson, take the minimum reading time over it, confirm."""
    assert client.post(lesson.url, {"action": "open"}).json() == {"opened": True}
    took = timedelta(seconds=lesson.reading_seconds_required + 1)
    LearningEvent.objects.filter(page=lesson, kind="open").update(created_at=F("created_at") - took)
    return client.post(lesson.url, {"reached_end": "1"})


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(course.url, {"action": "enrol"})
    return learner_client


def pass_quiz(client, quiz_page):
    from courses import quiz

    client.get(quiz_page.url)
    answers = {f"q-{q.id}": sorted(q.correct) for q in quiz.questions_of(quiz_page).values()}
    return client.post(quiz_page.url, {"attempt": "1", **answers})


def test_reading_needs_the_end_reached_then_completes(enrolled, learner, lessons):
    text = lessons[0]
    response = enrolled.post(text.url, {})
    assert response.status_code == 302
    assert LearningState.objects.filter(user=learner, page=text, completed_at__isnull=False).count() == 0
    assert "끝까지 읽은 뒤" in enrolled.get(text.url).content.decode()

    read(enrolled, text)
    assert LearningState.objects.get(user=learner, page=text).completed_at is not None
    assert "끝까지 읽은 것으로 기록되었습니다" in enrolled.get(text.url).content.decode()


def test_text_page_offers_the_confirmation_with_a_no_script_fallback(enrolled, lessons):
    html = enrolled.get(lessons[0].url).content.decode()
    assert 'data-reading-end' in html and ">읽었습니다</button>" in html
    assert 'name="reached_end" value="1" required' in html


def test_completing_every_required_lesson_completes_the_course_once(enrolled, learner, course, lessons):
    text, quiz_page = lessons
    optional = TextLessonPage(title="더 읽을거리", body="<p>선택</p>", required=False)
    course.add_child(instance=optional)

    read(enrolled, text)
    assert not CourseCompletion.objects.exists()
    pass_quiz(enrolled, quiz_page)

    completion = CourseCompletion.objects.get(user=learner, course=course)
    assert completion.serial.startswith(f"SMG-{timezone.localdate().year}-") and len(completion.serial) == 17
    assert (completion.learner_name, completion.department_name, completion.hours) == ("김민수", "민원기획팀", Decimal("6.0"))
    record = CompletionRecord.objects.get(user=learner, item_kind="course")
    assert record.item_key == str(course.pk) and record.page_id == course.pk and record.item_title == course.title
    assert record.hours == Decimal("6.00") and record.evaluation_year == timezone.localdate().year
    assert record.evidence == {"model": "courses.coursecompletion", "pk": completion.pk}
    assert record.department.name == "민원기획팀"
    lesson_records = CompletionRecord.objects.filter(user=learner, item_kind="lesson")
    assert sorted(lesson_records.values_list("item_key", flat=True)) == sorted([str(text.pk), str(quiz_page.pk)])
    assert {r.item_group for r in lesson_records} == {f"course:{course.pk}"} and {r.hours for r in lesson_records} == {0}

    # Completing more (the optional lesson) or re-evaluating changes nothing.
    read(enrolled, optional)
    assert services.evaluate_course_completion(user=learner, course=course) == completion
    assert CourseCompletion.objects.count() == 1
    assert CompletionRecord.objects.filter(item_kind="course").count() == 1


def test_a_failed_quiz_keeps_the_course_incomplete(enrolled, learner, lessons):
    text, quiz_page = lessons
    read(enrolled, text)
    enrolled.get(quiz_page.url)
    enrolled.post(quiz_page.url, {"attempt": "1", **wrong_answers(quiz_page)})
    assert QuizAttempt.objects.get(user=learner, page=quiz_page).passed is False
    assert not CourseCompletion.objects.exists()
    progress = services.selectors.course_progress(learner, lessons[0].get_parent().specific)
    assert progress.required_done == 1 and progress.percent == 50 and progress.next_lesson.pk == quiz_page.pk


def test_minimum_time_must_be_met_too(enrolled, learner, course):
    course.minimum_minutes = 1
    course.save()
    video = make_video(duration=120)
    text, quiz_page, video_lesson = add_lessons(course, video)
    video_lesson.required = False
    video_lesson.save()
    read(enrolled, text)
    pass_quiz(enrolled, quiz_page)
    assert not CourseCompletion.objects.exists()  # all lessons done, but no time spent yet

    LearningState.objects.create(user=learner, page=video_lesson, verified_seconds=61)
    html = enrolled.get(course.url).content.decode()  # the course page notices the rule is now met
    assert "이수 완료" in html
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()


def test_a_course_without_lessons_is_never_complete(learner, course):
    Enrolment.objects.create(user=learner, course=course)
    assert services.evaluate_course_completion(user=learner, course=course) is None


def test_completing_a_lesson_of_another_kind_of_page_is_ignored(learner):
    from wagtail.models import Page

    page = Page.objects.get(depth=2)
    mark_complete(user=learner, page=page)
    assert not CourseCompletion.objects.exists()


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="동시성 검사는 PostgreSQL에서만 의미가 있습니다")


def run_in_threads(functions):
    errors = []

    def runner(function):
        try:
            function()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


@pg_only
@pytest.mark.django_db(transaction=True)
def test_last_two_lessons_completing_at_once_complete_the_course_exactly_once(monkeypatch):
    from .conftest import Org

    learner = make_staff("2024009", "최동시", Org().team)
    course = make_course()
    first, second = TextLessonPage(title="1차시", body="<p>가</p>"), TextLessonPage(title="2차시", body="<p>나</p>")
    course.add_child(instance=first)
    course.add_child(instance=second)
    Enrolment.objects.create(user=learner, course=course)

    # Both transactions have completed their lesson (uncommitted) before either checks the course:
    # without the per-enrolment lock each would miss the other's lesson and nobody would complete.
    barrier = threading.Barrier(2, timeout=10)
    locked_enrolment = services._locked_enrolment

    def after_both_completed(user, course):
        barrier.wait()
        return locked_enrolment(user, course)

    monkeypatch.setattr(services, "_locked_enrolment", after_both_completed)
    run_in_threads([lambda: mark_complete(user=learner, page=first), lambda: mark_complete(user=learner, page=second)])

    assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
    assert CompletionRecord.objects.filter(user=learner, item_kind="course", item_key=str(course.pk)).count() == 1


@pg_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_evaluations_grant_hours_once(monkeypatch):
    from .conftest import Org

    learner = make_staff("2024010", "정병렬", Org().team)
    course = make_course()
    lesson = TextLessonPage(title="1차시", body="<p>가</p>")
    course.add_child(instance=lesson)
    LearningState.objects.create(user=learner, page=lesson, completed_at=timezone.now() - timedelta(minutes=1))

    barrier = threading.Barrier(4, timeout=10)
    evaluate = services.evaluate_course_completion

    def together():
        barrier.wait()
        evaluate(user=learner, course=course)

    run_in_threads([together] * 4)
    assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
    assert CompletionRecord.objects.filter(user=learner, item_kind="course", item_key=str(course.pk)).count() == 1
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
