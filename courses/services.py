"""Writes for courses: enrolment, reading confirmation, quiz attempts, and course completion."""

import math
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from lms.records.choices import CompletionSource, EventKind
from lms.records.selectors import attempt_starts, evaluation_year_of, first_event_at, state_for
from lms.records.services import mark_complete, record_completion, record_event, record_time, restart_attempt

from . import quiz, selectors
from .models import COURSE_KIND, CourseCompletion, Enrolment, EnrolmentSource, QuizAttempt

SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: serials are read aloud and typed
SERIAL_LENGTH = 8


@dataclass
class EnrolResult:
    enrolment: Enrolment | None = None
    created: bool = False
    error: str = ""


def _enrolment(user, course, source):
    try:
        with transaction.atomic():
            return Enrolment.objects.get_or_create(user=user, course=course, defaults={"source": source})
    except IntegrityError:  # a concurrent request enrolled first
        return Enrolment.objects.get(user=user, course=course), False


def enrol(*, user, course):
    access = selectors.course_access(user, course)
    if not access.can_view:
        return EnrolResult(error=access.message)
    if access.is_enrolled:
        return EnrolResult(enrolment=access.enrolment)
    if not access.can_enrol:
        return EnrolResult(error=access.enrol_message)
    source = EnrolmentSource.ASSIGNED if selectors.assignment_for(user, course) else EnrolmentSource.SELF
    enrolment, created = _enrolment(user, course, source)
    return EnrolResult(enrolment=enrolment, created=created)


# The reading time credited is at most this many times the lesson's minimum: a page left open all day
# is not a day of study.
READING_CREDIT_FACTOR = 2


def open_reading(*, user, lesson):
    """The text lesson's page opened (its script posts this): the server's clock for the reading starts."""
    record_event(user=user, page=lesson, kind=EventKind.OPEN)


def _duration_text(seconds):
    minutes, seconds = divmod(math.ceil(seconds), 60)
    return " ".join(part for part in (f"{minutes}분" if minutes else "", f"{seconds}초" if seconds else "") if part) or "0초"


def confirm_reading(*, user, lesson, reached_end, now=None):
    """The learner pressed 읽었습니다 after the page saw them reach the end. Returns an error message or "".

    Accepted only once the lesson's minimum reading time has passed since the server recorded its
    opening; the time credited is what passed in between (at most READING_CREDIT_FACTOR × the minimum),
    taken from the learner's one clock. A refusal stores nothing but the opening, so the learner
    simply confirms again later.
    """
    if reached_end != "1":
        return "본문을 끝까지 읽은 뒤 '읽었습니다'를 눌러 주세요."
    state = state_for(user, lesson)
    if state is not None and state.completed_at is not None:
        return ""
    now = now or timezone.now()
    required = lesson.reading_seconds_required
    opened_at = first_event_at(user, lesson, kind=EventKind.OPEN)
    if opened_at is None:  # e.g. without JavaScript: this confirmation starts the reading
        open_reading(user=user, lesson=lesson)
        opened_at = now
    elapsed = (now - opened_at).total_seconds()
    if elapsed < required:
        return (
            f"이 차시는 읽는 데 {_duration_text(required)} 이상 걸립니다. "
            f"{_duration_text(required - elapsed)} 뒤에 다시 '읽었습니다'를 눌러 주세요."
        )
    with transaction.atomic():  # the time is credited with the completion, or not at all
        credited = record_time(
            user=user,
            page=lesson,
            kind=EventKind.READ,
            seconds=min(elapsed, required * READING_CREDIT_FACTOR),
            since=opened_at,
            now=now,
            data={"reached_end": True, "required_seconds": required},
            minimum=required,
            unless_complete=True,
        )
        if credited is None:
            if state_for(user, lesson).completed_at is not None:  # confirmed twice at once
                return ""
            return "같은 시간에 다른 학습 시간이 이미 인정되어 읽은 시간을 인정할 수 없습니다. 잠시 뒤 다시 '읽었습니다'를 눌러 주세요."
        mark_complete(user=user, page=lesson, now=now)
    return ""


# Quiz attempts


def submitted_attempts(user, page):
    """The quiz attempts submitted in the learner's current attempt at the course (see restart_course)."""
    attempts = QuizAttempt.objects.filter(user=user, page=page, submitted_at__isnull=False)
    started = attempt_starts(user=user, page_ids=[page.pk]).get(page.pk)
    return attempts if started is None else attempts.filter(started_at__gte=started)


def attempts_left(user, page):
    """How many more attempts the learner may submit (None: no limit)."""
    if not page.attempt_limit:
        return None
    return max(page.attempt_limit - submitted_attempts(user, page).count(), 0)


def open_attempt(*, user, page, now=None):
    """The attempt the learner is taking now (or at `now`, for the demo's history), started with a
    freshly shuffled layout when needed.

    Returns None when the quiz is already passed or no attempts are left.
    """
    if submitted_attempts(user, page).filter(passed=True).exists() or attempts_left(user, page) == 0:
        return None
    open_attempts = QuizAttempt.objects.filter(user=user, page=page, submitted_at__isnull=True)
    started = attempt_starts(user=user, page_ids=[page.pk]).get(page.pk)
    if started is not None:  # one left open before the course was started again is not taken up
        open_attempts = open_attempts.filter(started_at__gte=started)
    current = open_attempts.first()
    if current is not None:
        return current
    number = (QuizAttempt.objects.filter(user=user, page=page).aggregate(n=Max("number"))["n"] or 0) + 1
    layout = quiz.new_layout(quiz.questions_of(page), shuffle=page.shuffle)
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                user=user, page=page, number=number, layout=layout, started_at=now or timezone.now()
            )
    except IntegrityError:  # two tabs started the same attempt; both show the one that was stored
        return QuizAttempt.objects.get(user=user, page=page, number=number)


class SubmissionRefused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def submit_attempt(*, user, page, number, post, now=None):
    """Grade one submitted attempt on the server (submitted now, or at `now` for the demo's history).
    Raises SubmissionRefused or quiz.AnswerError; stores nothing then."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().filter(user=user, page=page, number=number).first()
        if attempt is None:
            raise SubmissionRefused("응시 정보를 찾을 수 없습니다. 퀴즈 화면을 새로 연 뒤 다시 제출해 주세요.")
        if attempt.is_submitted:
            raise SubmissionRefused("이미 제출한 응시입니다. 결과를 확인하거나 새로 응시해 주세요.", status=409)
        previous = submitted_attempts(user, page)
        if previous.filter(passed=True).exists():
            raise SubmissionRefused("이미 합격한 퀴즈입니다.", status=409)
        if page.attempt_limit and previous.count() >= page.attempt_limit:
            raise SubmissionRefused(f"응시 횟수({page.attempt_limit}회)를 모두 사용했습니다.", status=403)
        questions = quiz.questions_of(page)
        answers = quiz.parse_answers(questions, attempt.layout, post)
        results, score = quiz.grade(questions, answers)
        attempt.answers, attempt.results, attempt.score = answers, results, score
        attempt.passed = score >= page.pass_mark
        attempt.submitted_at = now
        attempt.save(update_fields=["answers", "results", "score", "passed", "submitted_at"])
        record_event(
            user=user,
            page=page,
            kind="quiz_attempt",
            data={"attempt": attempt.number, "score": score, "passed": attempt.passed, "pass_mark": page.pass_mark},
            now=now,
        )
        if attempt.passed:
            mark_complete(user=user, page=page, now=now)
    return attempt


# Course completion


def new_serial(year):
    return f"SMG-{year}-" + "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))


def _locked_enrolment(user, course):
    """Serialises completion checks of one learner's course: two lessons finishing at once both see each other."""
    _enrolment(user, course, EnrolmentSource.SELF)
    return Enrolment.objects.select_for_update().get(user=user, course=course)


def evaluate_course_completion(*, user, course, now=None):
    """Complete the course if its rule is met: one CourseCompletion and one completion record with the
    course's recognised hours, in the evaluation year of the completion. Returns the completion or None."""
    if not selectors.may_be_credited(user, course):
        return None  # lessons completed outside the audience (e.g. hand-made heartbeats) earn nothing
    with transaction.atomic():
        _locked_enrolment(user, course)
        progress = selectors.course_progress(user, course)
        if progress.completion is not None:
            return progress.completion
        if not progress.rule_met:
            return None
        now = now or timezone.now()
        year = evaluation_year_of(timezone.localdate(now))
        this_year = CourseCompletion.objects.filter(user=user, course=course, evaluation_year=year).first()
        if this_year is not None:  # hours are granted once a year, whatever attempts were made
            return this_year
        return write_course_completion(user=user, course=course, now=now)


def write_course_completion(*, user, course, now):
    """The CourseCompletion (certificate) and the completion record, with the course's recognised
    hours, of a completion at `now`. Callers check the rule first (evaluate_course_completion; the
    demo's history of earlier years)."""
    year = evaluation_year_of(timezone.localdate(now))
    department = selectors.department_of(user)
    completion = CourseCompletion.objects.create(
        user=user,
        course=course,
        completed_at=now,
        serial=_unused_serial(year),
        learner_name=user.get_full_name(),
        department_name=department.name if department else "",
        course_title=course.title,
        hours=course.recognised_hours,
        evaluation_year=year,
    )
    record_completion(
        user=user,
        kind=COURSE_KIND,
        key=course.pk,
        title=course.title,
        completed_on=timezone.localdate(now),
        hours=course.recognised_hours,
        source=CompletionSource.ONLINE,
        evidence={"model": "courses.coursecompletion", "pk": completion.pk},
        page=course,
    )
    return completion


def restart_course(*, user, course, now=None):
    """올해 다시 이수: start a fresh attempt at a course completed in an earlier evaluation year. Its
    lessons start over (watched, read, quizzes); the earlier completion, its certificate and its year's
    hours stay. Returns an error message or ""."""
    now = now or timezone.now()
    with transaction.atomic():
        _locked_enrolment(user, course)
        progress = selectors.course_progress(user, course)
        if progress.completion is None:
            return "아직 이수하지 않은 과정입니다. 이어서 학습해 주세요."
        if not progress.may_complete_again(timezone.localdate(now)):
            return "올해 이미 이수한 과정입니다. 다시 이수는 다음 평가 연도부터 할 수 있습니다."
        restart_attempt(user=user, pages=[course, *course.get_children()], now=now)
    return ""


def complete_if_rule_met(*, user, course):
    """Completes the course when its rule is met but no lesson completion triggered it (minimum time met later)."""
    progress = selectors.course_progress(user, course)
    if progress.completion is None and progress.rule_met:
        return evaluate_course_completion(user=user, course=course)
    return progress.completion


def _unused_serial(year):
    while True:  # 32^8 serials a year: a collision is rare, so retrying is enough
        serial = new_serial(year)
        if not CourseCompletion.objects.filter(serial=serial).exists():
            return serial
