"""Writes for courses: enrolment, reading confirmation, quiz attempts, and course completion."""

import math
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from lms.records.models import EventKind
from lms.records.selectors import first_event_at, state_for
from lms.records.services import grant_hours, mark_complete, record_event, record_time

from . import quiz, selectors
from .models import CourseCompletion, Enrolment, EnrolmentSource, QuizAttempt

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
    return QuizAttempt.objects.filter(user=user, page=page, submitted_at__isnull=False)


def attempts_left(user, page):
    """How many more attempts the learner may submit (None: no limit)."""
    if not page.attempt_limit:
        return None
    return max(page.attempt_limit - submitted_attempts(user, page).count(), 0)


def open_attempt(*, user, page):
    """The attempt the learner is taking now, started with a freshly shuffled layout when needed.

    Returns None when the quiz is already passed or no attempts are left.
    """
    if submitted_attempts(user, page).filter(passed=True).exists() or attempts_left(user, page) == 0:
        return None
    current = QuizAttempt.objects.filter(user=user, page=page, submitted_at__isnull=True).first()
    if current is not None:
        return current
    number = (QuizAttempt.objects.filter(user=user, page=page).aggregate(n=Max("number"))["n"] or 0) + 1
    layout = quiz.new_layout(quiz.questions_of(page), shuffle=page.shuffle)
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(user=user, page=page, number=number, layout=layout)
    except IntegrityError:  # two tabs started the same attempt; both show the one that was stored
        return QuizAttempt.objects.get(user=user, page=page, number=number)


class SubmissionRefused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def submit_attempt(*, user, page, number, post):
    """Grade one submitted attempt on the server. Raises SubmissionRefused or quiz.AnswerError; stores nothing then."""
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
        attempt.submitted_at = timezone.now()
        attempt.save(update_fields=["answers", "results", "score", "passed", "submitted_at"])
        record_event(
            user=user,
            page=page,
            kind="quiz_attempt",
            data={"attempt": attempt.number, "score": score, "passed": attempt.passed, "pass_mark": page.pass_mark},
        )
        if attempt.passed:
            mark_complete(user=user, page=page)
    return attempt


# Course completion


def new_serial(year):
    return f"SMG-{year}-" + "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))


def _locked_enrolment(user, course):
    """Serialises completion checks of one learner's course: two lessons finishing at once both see each other."""
    _enrolment(user, course, EnrolmentSource.SELF)
    return Enrolment.objects.select_for_update().get(user=user, course=course)


def evaluate_course_completion(*, user, course, now=None):
    """Complete the course if its rule is met: one CourseCompletion, one ledger row. Returns the completion or None."""
    access = selectors.course_access(user, course)
    if not (access.can_view and (access.is_enrolled or access.can_enrol)):
        return None  # lessons completed outside the audience (e.g. hand-made heartbeats) earn nothing
    with transaction.atomic():
        _locked_enrolment(user, course)
        existing = CourseCompletion.objects.filter(user=user, course=course).first()
        if existing is not None:
            return existing
        if not selectors.course_progress(user, course).rule_met:
            return None
        now = now or timezone.now()
        department = selectors.department_of(user)
        completion = CourseCompletion.objects.create(
            user=user,
            course=course,
            completed_at=now,
            serial=_unused_serial(timezone.localdate(now).year),
            learner_name=user.get_full_name(),
            department_name=department.name if department else "",
            course_title=course.title,
            hours=course.recognised_hours,
        )
        grant_hours(user=user, page=course, hours=course.recognised_hours, source_label=f"이러닝 과정 «{course.title}» 이수")
        return completion


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
