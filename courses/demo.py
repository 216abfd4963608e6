"""Demo 이러닝: the two courses of the 2018 plan, HR assignments, and learners at every stage.

Learners progress through the same services the pages use (reading confirmation, server-graded quiz
submissions, lesson completion), so completions, recognised hours and certificates are real records.
Video lessons use demo clips of 5–15 minutes registered through the media pipeline (the worker
transcodes them, the first course's first); learners watch them through records' heartbeat path, so
watched intervals, resume positions and completions come from the same checks as the player's. The
SCORM lesson uses the SCORM app's demo package. This year's learning is spread from February to now. Last year's completions (the ledger's earlier year) are
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
from lms.people.demo import demo_learner, generated_staff
from lms.people.models import Department, User
from lms.records.demo_beats import watch
from lms.records.services import mark_complete, record_event, restart_attempt
from media_pipeline.demo import demo_video

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
DEMO_HR = "1000003"
COLOURS = ["#1b4f8a", "#2f6f5e", "#7a3e9d", "#a3262a"]
# Transcode order (media_pipeline.services.start_processing): the first course's lessons before anything else.
COURSE_PRIORITIES = [20, 15]


def load(stdout):
    index, _ = home_child(CourseIndexPage, title="이러닝 과정", slug="elearning", intro=INDEX_INTRO, show_in_menus=True)
    with tempfile.TemporaryDirectory() as folder:
        malicious = _course(index, MALICIOUS_COURSE, MALICIOUS_LESSONS, Path(folder), priority=COURSE_PRIORITIES[0])
        phone = _course(index, PHONE_VISIT_COURSE, PHONE_VISIT_LESSONS, Path(folder), priority=COURSE_PRIORITIES[1])
    stdout.write(f"  이러닝 과정: {malicious.title}({len(malicious.lessons())}차시), {phone.title}({len(phone.lessons())}차시)")
    _assign(malicious, "CSV", days=30)
    _assign(phone, "WTR-S", days=-7)  # overdue, so 내 학습 shows the warning
    stdout.write(f"  학습자: {_learners(malicious, phone)}명의 학습 기록을 만들었습니다.")


def clip_seconds(number):
    """The length of lesson `number`'s clip: 5–15 minutes, a different one for each lesson."""
    return 300 + (number * 173) % 600


def _video(folder, course_title, label, number, priority):
    """The lesson's own clip, queued for transcoding with `priority`."""
    return demo_video(
        folder, f"course-{number:02d}", f"{course_title} {number}차시 영상", label=label,
        colour=COLOURS[number % len(COLOURS)], seconds=clip_seconds(number), rate=5, priority=priority,
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


def _lesson(kind, title, content, folder, number, course_title, priority):
    if kind == "video":
        return VideoLessonPage(title=title, video=_video(folder, course_title, content, number, priority))
    if kind == "text":
        return TextLessonPage(title=title, body=content)
    if kind == "scorm":
        return ScormLessonPage(title=title, intro=f"<p>{content}</p>", package=demo_package())
    intro, questions = content
    return QuizLessonPage(
        title=title, intro=intro, questions=[_question(*question) for question in questions], pass_mark=80, attempt_limit=3
    )


def _course(index, spec, lessons, folder, *, priority):
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
        lesson = _lesson(kind, title, content, folder, number, spec["title"], priority)
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


def _attempt(user, page, *, correct, now):
    attempt = services.open_attempt(user=user, page=page, now=now)
    services.submit_attempt(user=user, page=page, number=attempt.number, post=_answers(page, correct=correct), now=now)


def _take(user, course, lesson_count, *, started, fail_first_quiz=False):
    """Enrol `user` and finish the first `lesson_count` lessons the way a learner would, from `started`
    on, taking their time, since the server measures it; then stop part-way into the next lesson (half
    a video watched with a part skipped, or a quiz failed)."""
    services.enrol(user=user, course=course)
    Enrolment.objects.filter(user=user, course=course).update(enrolled_at=started)
    reading = started
    lessons = list(course.lessons())
    for lesson in lessons[:lesson_count]:
        if isinstance(lesson, TextLessonPage):
            record_event(user=user, page=lesson, kind="view", now=reading)
            record_event(user=user, page=lesson, kind="open", now=reading)
            reading += timedelta(seconds=lesson.reading_seconds_required * 1.5)
            services.confirm_reading(user=user, lesson=lesson, reached_end="1", now=reading)
        elif isinstance(lesson, QuizLessonPage):
            for correct in ([False, True] if fail_first_quiz else [True]):
                reading += timedelta(minutes=4)
                _attempt(user, lesson, correct=correct, now=reading)
        elif isinstance(lesson, VideoLessonPage):
            reading = watch(user, lesson, segments=[(0, 1)], started=reading)
        else:  # the SCORM lesson: its own app records real progress; the demo records the outcome
            reading += timedelta(minutes=20)
            record_event(user=user, page=lesson, kind="view", now=reading)
            mark_complete(user=user, page=lesson, now=reading)
        reading += timedelta(minutes=2)
    following = lessons[lesson_count] if lesson_count < len(lessons) else None
    if isinstance(following, VideoLessonPage):
        watch(user, following, segments=[(0, 0.45), (0.6, 0.7)], started=reading)
    elif isinstance(following, QuizLessonPage) and lesson_count:
        _attempt(user, following, correct=False, now=reading + timedelta(minutes=4))


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
    demo = demo_learner()
    if demo is not None:
        plan += [(demo, phone, len(phone.lessons()), True), (demo, malicious, 5, False)]  # part-way into lesson 6's video
    rng = random.Random(SEED)
    staff = generated_staff(36)
    malicious_total, phone_total = len(malicious.lessons()), len(phone.lessons())
    for position, user in enumerate(staff):
        if position < 24:
            stage = [malicious_total, rng.randint(1, malicious_total - 1), 0][position % 3]
            plan.append((user, malicious, stage, position % 4 == 0))
        if position >= 12:
            plan.append((user, phone, [phone_total, rng.randint(1, phone_total - 1)][position % 2], False))
    first_day, spacing = _this_years_learning(len(plan))
    planned = {(user.pk, course.pk) for user, course, _, _ in plan}
    _last_year(([demo] if demo else []) + staff, [malicious, phone], planned=planned, before=first_day - timedelta(days=1))
    taken = 0
    for day, (user, course, lesson_count, fail_first_quiz) in enumerate(plan):
        progress = selectors.course_progress(user, course)
        if progress.completion is not None or progress.required_done or Enrolment.objects.filter(user=user, course=course, enrolled_at__gte=first_day).exists():
            continue
        started = first_day + spacing * day  # each learner's courses on days of their own
        _take(user, course, lesson_count, started=started, fail_first_quiz=fail_first_quiz)
        taken += 1
    return taken


def _this_years_learning(count):
    """(first day, days between learners) spreading `count` learners' courses from February to now, so
    some completed in spring; from `count` days ago when the year is too young for that."""
    now = timezone.now()
    february = timezone.make_aware(datetime(now.year, 2, 1, 9, 0))
    first_day = february if now - february > timedelta(days=count) else now - timedelta(days=count)
    return first_day, (now - timedelta(days=1) - first_day) / count
