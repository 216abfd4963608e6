"""Reads for courses: who may take a course, where a learner stands in it, and the 내 학습 page."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from lms.people.models import Department
from lms.records import selectors as records

from .models import COURSE_KIND, LESSON_KIND, Audience, CourseAssignment, CourseCompletion, CourseIndexPage, CoursePage, Enrolment


def department_of(user):
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.department if profile else None


def ancestor_paths(department):
    """The tree paths of the department and all its ancestors (materialized path prefixes)."""
    step = Department.steplen
    return [department.path[:end] for end in range(step, len(department.path) + 1, step)]


def audience_includes_department(course, department):
    if course.audience == Audience.ALL:
        return True
    if course.audience == Audience.HIGH_INTENSITY:
        return department.high_intensity
    if course.audience == Audience.ORDINARY:
        return not department.high_intensity
    return course.departments.filter(path__in=ancestor_paths(department)).exists()


def _assignments_covering(department):
    return CourseAssignment.objects.filter(department__path__in=ancestor_paths(department))


@dataclass
class CourseAccess:
    can_view: bool
    message: str = ""
    can_enrol: bool = False
    enrol_message: str = ""
    enrolment: Enrolment | None = None

    @property
    def is_enrolled(self):
        return self.enrolment is not None


def course_access(user, course):
    """Whether `user` may see the course and its lessons, enrol in it, and whether they already have."""
    if not user.is_authenticated:
        return CourseAccess(can_view=False, message="로그인한 직원만 볼 수 있습니다.")
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if user.is_superuser:
        return CourseAccess(can_view=True, can_enrol=True, enrolment=enrolment)
    department = department_of(user)
    if department is None:
        return CourseAccess(can_view=False, message="직원 정보(소속 부서)가 등록된 직원만 수강할 수 있습니다.")
    if not audience_includes_department(course, department):
        return CourseAccess(
            can_view=False,
            message=f"이 과정의 수강 대상이 아닙니다. 수강 대상: {course.get_audience_display()}.",
        )
    if course.self_enrolment or _assignments_covering(department).filter(course=course).exists():
        return CourseAccess(can_view=True, can_enrol=True, enrolment=enrolment)
    return CourseAccess(
        can_view=True,
        enrolment=enrolment,
        enrol_message="이 과정은 인사 담당자가 배정한 부서의 직원만 수강 신청할 수 있습니다.",
    )


def may_be_credited(user, course):
    """Whether lessons the user completes count for the course: they see it and are (or may be) enrolled."""
    access = course_access(user, course)
    return access.can_view and (access.is_enrolled or access.can_enrol)


def courses_visible_to(user, index_page=None):
    """Live courses whose audience includes the user (all of them for superusers)."""
    courses = CoursePage.objects.live().order_by("path")
    if index_page is not None:
        courses = courses.child_of(index_page)
    if user.is_authenticated and user.is_superuser:
        return courses
    department = department_of(user)
    if department is None:
        return courses.none()
    audiences = Q(audience=Audience.ALL) | Q(
        audience=Audience.HIGH_INTENSITY if department.high_intensity else Audience.ORDINARY
    )
    chosen = CoursePage.objects.filter(
        audience=Audience.CHOSEN, departments__path__in=ancestor_paths(department)
    ).values("pk")
    return courses.filter(audiences | Q(pk__in=chosen))


@dataclass
class LessonStatus:
    """A lesson as the viewer stands in it. `previous` and `next` are the nearest lessons either side
    that are open to them; `locked_by` is the earlier lesson to complete first (courses taken in order)."""

    lesson: object
    number: int
    completed_at: object = None
    started: bool = False
    locked_by: "LessonStatus | None" = None
    previous: object = None
    next: object = None
    waits_for: "LessonStatus | None" = None  # no open lesson after this one: the lesson that opens the next

    @property
    def is_complete(self):
        return self.completed_at is not None

    @property
    def is_locked(self):
        return self.locked_by is not None

    @property
    def state(self):
        """완료 · 진행 중 · 열림 · 잠김, as the course page shows it."""
        if self.is_complete:
            return "완료"
        if self.is_locked:
            return "잠김"
        return "진행 중" if self.started else "열림"


@dataclass
class CourseProgress:
    course: CoursePage
    lessons: list
    seconds_spent: float = 0
    enrolment: Enrolment | None = None
    completion: CourseCompletion | None = None
    _by_page: dict = field(default_factory=dict, repr=False)

    def may_complete_again(self, today):
        """Completed in an earlier evaluation year: the learner may take the course again this year."""
        return self.completion is not None and self.completion.evaluation_year < records.evaluation_year_of(today)

    @property
    def required(self):
        return [status for status in self.lessons if status.lesson.required]

    @property
    def required_done(self):
        return sum(1 for status in self.required if status.is_complete)

    @property
    def percent(self):
        if self.completion:
            return 100
        required = self.required
        return round(100 * self.required_done / len(required)) if required else 0

    @property
    def minimum_seconds(self):
        return (self.course.minimum_minutes or 0) * 60

    @property
    def time_met(self):
        return self.seconds_spent >= self.minimum_seconds

    @property
    def rule_met(self):
        """Every required lesson complete (a quiz only when passed) and the minimum time spent, if any."""
        required = self.required
        return bool(required) and all(status.is_complete for status in required) and self.time_met

    @property
    def next_lesson(self):
        """Where 이어서 학습 leads: the first lesson not yet complete, else the first lesson."""
        for status in self.lessons:
            if not status.is_complete:
                return status.lesson
        return self.lessons[0].lesson if self.lessons else None

    def for_lesson(self, lesson):
        return self._by_page.get(lesson.pk)


def current_completions(user, course_ids):
    """{course_id: CourseCompletion} of the learner's current attempt at each course: the latest
    completion, unless they started the course again after it (올해 다시 이수)."""
    course_ids = list(course_ids)
    restarted = records.attempt_starts(user=user, page_ids=course_ids)
    current = {}
    for completion in CourseCompletion.objects.filter(user=user, course_id__in=course_ids).order_by("completed_at"):
        started = restarted.get(completion.course_id)
        if started is None or completion.completed_at >= started:
            current[completion.course_id] = completion
    return current


def _lock_in_order(statuses):
    """Each lesson not complete waits for the first earlier required lesson not complete. An optional
    lesson never holds back the ones after it, and a lesson completed (before the course was set to
    be taken in order, say) stays open."""
    blocker = None
    for status in statuses:
        if status.is_complete:
            continue
        if blocker is not None:
            status.locked_by = blocker
        elif status.lesson.required:
            blocker = status


def _link_open_neighbours(statuses):
    """`previous` and `next` skip locked lessons; with nothing open after a lesson, `waits_for` names
    the lesson whose completion opens the next one."""
    previous = None
    for status in statuses:
        status.previous = previous
        if not status.is_locked:
            previous = status.lesson
    following, locked_after = None, None
    for status in reversed(statuses):
        status.next = following
        if following is None and locked_after is not None:
            status.waits_for = locked_after.locked_by
        if status.is_locked:
            locked_after = status
        else:
            following = status.lesson


def lesson_lock(user, lesson):
    """The earlier lesson's status the viewer must complete before `lesson` opens, or None (progress is
    not read when the course does not require its lessons in order)."""
    course = lesson.course
    if not course.lessons_in_order:
        return None
    status = course_progress(user, course).for_lesson(lesson)
    return status.locked_by if status else None


def course_progress(user, course):
    lessons = list(course.lessons())
    ids = [lesson.pk for lesson in lessons]
    completed, seconds, enrolment, completion = {}, 0.0, None, None
    if user.is_authenticated:
        states = records.states_of(user=user, page_ids=ids).values()
        completed = {state.page_id: state.completed_at for state in states if state.completed_at is not None}
        # Time measured by the server only: videos watched, SCORM sessions and reading, all credited
        # through the learner's one clock (lms.records). What a SCO reports about time is not counted.
        seconds = float(sum(state.verified_seconds for state in states))
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
        completion = current_completions(user, [course.pk]).get(course.pk)
    started = records.started_pages(user=user, page_ids=ids)
    statuses = [
        LessonStatus(lesson=lesson, number=number, completed_at=completed.get(lesson.pk), started=lesson.pk in started)
        for number, lesson in enumerate(lessons, start=1)
    ]
    if course.lessons_in_order:
        _lock_in_order(statuses)
    _link_open_neighbours(statuses)
    return CourseProgress(
        course=course,
        lessons=statuses,
        seconds_spent=seconds,
        enrolment=enrolment,
        completion=completion,
        _by_page={status.lesson.pk: status for status in statuses},
    )


@dataclass
class CourseCard:
    course: CoursePage
    enrolled: bool
    completed: bool


def course_cards(user, courses):
    """The index listing: each course with whether the viewer enrolled in or completed it (two queries)."""
    courses = list(courses)
    ids = [course.pk for course in courses]
    enrolled = set(Enrolment.objects.filter(user=user, course_id__in=ids).values_list("course_id", flat=True))
    completed = set(current_completions(user, ids))
    return [CourseCard(course, course.pk in enrolled, course.pk in completed) for course in courses]


def assignment_for(user, course):
    """The HR assignment of `course` that applies to the user (the earliest deadline), or None."""
    department = department_of(user)
    if department is None:
        return None
    return _assignments_covering(department).filter(course=course).order_by("deadline").first()


@dataclass
class AssignmentRow:
    assignment: CourseAssignment
    completion: CourseCompletion | None
    today: object

    @property
    def days_left(self):
        return (self.assignment.deadline - self.today).days

    @property
    def is_overdue(self):
        return self.completion is None and self.days_left < 0


def assignments_for(user, today=None):
    """HR assignments that apply to the user's department (or any department above it), one per course."""
    department = department_of(user)
    if department is None:
        return []
    today = today or timezone.localdate()
    rows, seen = [], set()
    assignments = _assignments_covering(department).select_related("course", "department").order_by("deadline", "pk")
    assignments = list(assignments)
    completions = current_completions(user, {assignment.course_id for assignment in assignments})
    for assignment in assignments:
        if assignment.course_id in seen or not assignment.course.live:
            continue
        seen.add(assignment.course_id)
        rows.append(AssignmentRow(assignment, completions.get(assignment.course_id), today))
    return rows


def courses_in_progress(user):
    """Progress of every live course the user is enrolled in and is not done with in their current
    attempt, newest enrolment first."""
    enrolments = list(Enrolment.objects.filter(user=user, course__live=True).select_related("course").order_by("-enrolled_at"))
    done = current_completions(user, [enrolment.course_id for enrolment in enrolments])
    return [course_progress(user, enrolment.course) for enrolment in enrolments if enrolment.course_id not in done]


@dataclass
class LearningEntry:
    """One row of a year in 내 학습: a completion of any kind with, for a course, the lessons of it
    completed that year; or a course not completed that year (record None) whose lessons were, as progress."""

    title: str
    record: object = None
    lessons: list = field(default_factory=list)
    lesson_total: int = 0  # a course in progress: how many lessons it has now


@dataclass
class LearningYear:
    """One evaluation year of the learner's record: its entries (lessons under their course) and its hours."""

    year: int
    hours: Decimal
    entries: list

    @property
    def completion_count(self):
        return sum(1 for entry in self.entries if entry.record is not None)


def learning_entries(year_records):
    """A year's records (newest first) as LearningEntry rows in that order, each lesson under its course."""
    courses = {f"course:{record.item_key}": LearningEntry(record.item_title, record)
               for record in year_records if record.item_kind == COURSE_KIND}
    entries, in_progress = [], {}
    for record in year_records:
        if record.item_kind == COURSE_KIND:
            entries.append(courses[f"course:{record.item_key}"])
        elif record.item_kind != LESSON_KIND:
            entries.append(LearningEntry(record.item_title, record))
        elif record.item_group in courses:
            courses[record.item_group].lessons.append(record)
        else:
            if record.item_group not in in_progress:
                in_progress[record.item_group] = LearningEntry("")
                entries.append(in_progress[record.item_group])
            in_progress[record.item_group].lessons.append(record)
    _name_courses_in_progress(in_progress)
    return entries


def _name_courses_in_progress(entries_by_group):
    """Title and lesson count of each course in progress (groups are `course:<page id>`)."""
    ids = [int(group.removeprefix("course:")) for group in entries_by_group if group.startswith("course:")]
    courses = CoursePage.objects.in_bulk(ids)
    for group, entry in entries_by_group.items():
        course = courses.get(int(group.removeprefix("course:"))) if group.startswith("course:") else None
        entry.title = course.title if course else "삭제된 과정"
        entry.lesson_total = course.lessons().count() if course else len(entry.lessons)


def learning_years(user, *, this_year):
    """The learner's completion records grouped by evaluation year, newest first; this year and last
    always appear, with zero hours when empty."""
    by_year = {}
    for record in records.completions_of(user=user):
        by_year.setdefault(record.evaluation_year, []).append(record)
    years = sorted(set(by_year) | {this_year, this_year - 1}, reverse=True)
    totals = records.hours_by_year(user=user, years=years)
    return [LearningYear(year=year, hours=totals[year], entries=learning_entries(by_year.get(year, []))) for year in years]


def my_learning(user, today=None):
    """Everything the 내 학습 page shows."""
    today = today or timezone.localdate()
    this_year = records.evaluation_year_of(today)
    years = learning_years(user, this_year=this_year)
    hours = {learning_year.year: learning_year.hours for learning_year in years}
    return {
        "in_progress": courses_in_progress(user),
        "completions": list(CourseCompletion.objects.filter(user=user).select_related("course")),
        "assignments": assignments_for(user, today),
        "year": this_year,
        "hours_this_year": hours[this_year],
        "hours_last_year": hours[this_year - 1],
        "learning_years": years,
        "course_index": CourseIndexPage.objects.live().first(),
    }


def completion_by_serial(serial):
    return CourseCompletion.objects.filter(serial=serial).first()


def mask_name(name):
    """김민수 → 김*수, 이수 → 이*, 남궁민수 → 남**수: enough to recognise, not enough to identify."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
