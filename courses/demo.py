"""Demo 이러닝: the two courses of the 2018 plan, HR assignments, and learners at every stage.

Learners progress through the same services the pages use (reading confirmation, server-graded quiz
submissions, lesson completion), so completions, recognised hours and certificates are real records.
Video lessons use demo clips registered through the media pipeline (the worker transcodes them); the
SCORM lesson uses the SCORM app's demo package. Last year's completions (the ledger's earlier year) are
written as completions, each learner then starting the course again for this year. Idempotent: a
second run changes nothing.
"""

import random
import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.http import QueryDict
from django.utils import timezone

from courses.scorm.demo import demo_package
from lms.home.demo import home_child
from lms.people.models import Department, User
from lms.records.services import mark_complete, record_event, restart_attempt
from media_pipeline.demo import demo_video
from media_pipeline.models import Video

from . import quiz, selectors, services
from .demo_content import INDEX_INTRO, MALICIOUS_COURSE, MALICIOUS_LESSONS, PHONE_VISIT_COURSE, PHONE_VISIT_LESSONS
from .models import (
    CourseAssignment,
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    QuizLessonPage,
    ScormLessonPage,
    TextLessonPage,
    VideoLessonPage,
)

SEED = 20180208
DEMO_LEARNER = "1000001"  # 김민원, the demo staff login
DEMO_HR = "1000003"
COLOURS = ["#1b4f8a", "#2f6f5e", "#7a3e9d", "#a3262a"]


def load(stdout):
    index, _ = home_child(CourseIndexPage, title="이러닝 과정", slug="elearning", intro=INDEX_INTRO, show_in_menus=True)
    with tempfile.TemporaryDirectory() as folder:
        malicious = _course(index, MALICIOUS_COURSE, MALICIOUS_LESSONS, Path(folder))
        phone = _course(index, PHONE_VISIT_COURSE, PHONE_VISIT_LESSONS, Path(folder))
    stdout.write(f"  이러닝 과정: {malicious.title}({len(malicious.lessons())}차시), {phone.title}({len(phone.lessons())}차시)")
    _assign(malicious, "CSV", days=30)
    _assign(phone, "WTR-S", days=-7)  # overdue, so 내 학습 shows the warning
    stdout.write(f"  학습자: {_learners(malicious, phone)}명의 학습 기록을 만들었습니다.")


def _video(folder, title, label, number):
    """A ready or queued demo Video with this title; a short generated clip when there is none yet."""
    existing = Video.objects.filter(title=title).first()
    return existing or demo_video(
        folder, f"course-{number:02d}", title, label=label, colour=COLOURS[number % len(COLOURS)]
    )


def _question(kind, text, *rest):
    if kind == "true_false":
        answer, explanation = rest
        return kind, {"question": text, "answer": answer, "explanation": explanation}
    choices, explanation = rest
    return kind, {
        "question": text,
        "choices": [{"text": choice, "is_correct": correct} for choice, correct in choices],
        "explanation": explanation,
    }


def _lesson(kind, title, content, folder, number):
    if kind == "video":
        return VideoLessonPage(title=title, video=_video(folder, title, content, number))
    if kind == "text":
        return TextLessonPage(title=title, body=content)
    if kind == "scorm":
        return ScormLessonPage(title=title, intro=f"<p>{content}</p>", package=demo_package())
    intro, questions = content
    return QuizLessonPage(
        title=title, intro=intro, questions=[_question(*question) for question in questions], pass_mark=80, attempt_limit=3
    )


def _course(index, spec, lessons, folder):
    course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if course is not None:
        return course
    course = CoursePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        description=spec["description"],
        recognised_hours=Decimal(spec["hours"]),
        lessons_in_order=spec.get("lessons_in_order", False),
    )
    index.add_child(instance=course)
    course.save_revision().publish()
    for number, (kind, title, content) in enumerate(lessons, start=1):
        lesson = _lesson(kind, title, content, folder, number)
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


def _assign(course, department_code, days):
    department = Department.objects.filter(code=department_code).first()
    if department is None:
        return
    CourseAssignment.objects.get_or_create(
        course=course,
        department=department,
        defaults={
            "deadline": timezone.localdate() + timedelta(days=days),
            "assigned_by": User.objects.filter(username=DEMO_HR).first(),
        },
    )


def _answers(page, *, correct):
    post = QueryDict(mutable=True)
    for question in quiz.questions_of(page).values():
        wrong = [choice_id for choice_id, _ in question.choices if choice_id not in question.correct]
        post.setlist(f"q-{question.id}", sorted(question.correct) if correct else wrong[:1])
    return post


def _take(user, course, lesson_count, *, started, fail_first_quiz=False):
    """Enrol `user` and finish the first `lesson_count` lessons the way a learner would; the reading
    starts at `started` and takes its time, since the server measures it."""
    services.enrol(user=user, course=course)
    reading = started
    for lesson in list(course.lessons())[:lesson_count]:
        if isinstance(lesson, TextLessonPage):
            record_event(user=user, page=lesson, kind="view", now=reading)
            record_event(user=user, page=lesson, kind="open", now=reading)
            reading += timedelta(seconds=lesson.reading_seconds_required * 1.5)
            services.confirm_reading(user=user, lesson=lesson, reached_end="1", now=reading)
        elif isinstance(lesson, QuizLessonPage):
            for correct in ([False, True] if fail_first_quiz else [True]):
                attempt = services.open_attempt(user=user, page=lesson)
                services.submit_attempt(user=user, page=lesson, number=attempt.number, post=_answers(lesson, correct=correct))
        else:  # video and SCORM lessons: their own apps record real progress; the demo records the outcome
            record_event(user=user, page=lesson, kind="view")
            mark_complete(user=user, page=lesson)


def _last_year(users, courses, *, planned, before):
    """Last evaluation year's completions, spread over that year, so 내 학습 and HR's ledger show two
    years: each learner completed one or both courses then, and those taking it again this year
    (`planned` (user id, course id) pairs) started it again (올해 다시 이수) before this year's learning.
    Not replayed lesson by lesson: the history is the completions."""
    year = timezone.localdate(before).year - 1
    start = timezone.make_aware(datetime(year, 1, 12, 10, 0))
    for position, user in enumerate(users):
        chosen = courses if position % 3 == 0 else [courses[position % 2]]
        for offset, course in enumerate(chosen):
            if CourseCompletion.objects.filter(user=user, course=course, evaluation_year=year).exists():
                continue
            completed_at = min(start + timedelta(days=(position * 9 + offset * 120) % 340), before - timedelta(days=1))
            if completed_at.year != year:
                continue
            services.enrol(user=user, course=course)
            Enrolment.objects.filter(user=user, course=course).update(enrolled_at=completed_at - timedelta(days=3))
            services.write_course_completion(user=user, course=course, now=completed_at)
            if (user.pk, course.pk) in planned:
                restart_attempt(user=user, pages=[course, *course.get_children()], now=before)


def _learners(malicious, phone):
    """The demo login mid-way through one course with the other completed, and generated staff at every stage."""
    plan = []
    demo = User.objects.filter(username=DEMO_LEARNER, profile__isnull=False).first()
    if demo is not None:
        plan += [(demo, phone, len(phone.lessons()), True), (demo, malicious, 4, False)]
    rng = random.Random(SEED)
    staff = list(
        User.objects.filter(profile__isnull=False, is_active=True)
        .exclude(username__startswith="1000")
        .order_by("username")[:36]
    )
    malicious_total, phone_total = len(malicious.lessons()), len(phone.lessons())
    for position, user in enumerate(staff):
        if position < 24:
            stage = [malicious_total, rng.randint(1, malicious_total - 1), 0][position % 3]
            plan.append((user, malicious, stage, position % 4 == 0))
        if position >= 12:
            plan.append((user, phone, [phone_total, rng.randint(1, phone_total - 1)][position % 2], False))
    first_day = timezone.now() - timedelta(days=len(plan))
    planned = {(user.pk, course.pk) for user, course, _, _ in plan}
    _last_year(([demo] if demo else []) + staff, [malicious, phone], planned=planned, before=first_day - timedelta(days=1))
    taken = 0
    for day, (user, course, lesson_count, fail_first_quiz) in enumerate(plan):
        progress = selectors.course_progress(user, course)
        if progress.completion is not None or progress.required_done or Enrolment.objects.filter(user=user, course=course, enrolled_at__gte=first_day).exists():
            continue
        started = first_day + timedelta(days=day)  # each learner's courses on days of their own
        _take(user, course, lesson_count, started=started, fail_first_quiz=fail_first_quiz)
        taken += 1
    return taken
