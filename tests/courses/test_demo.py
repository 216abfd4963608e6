import io

import pytest
from django.utils import timezone

from courses import demo
from courses.models import (
    CourseAssignment,
    CourseCompletion,
    CoursePage,
    QuizAttempt,
    QuizLessonPage,
    ScormLessonPage,
    TextLessonPage,
    VideoLessonPage,
)
from lms.people.models import DepartmentKind
from django_tasks_db.models import DBTaskResult

from lms.records.models import CompletionRecord, LearningState

from .conftest import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "media"]}}


@pytest.fixture
def demo_org(db):
    from lms.people.models import Department

    city = Department.add_root(code="SMG", name="서울특별시", kind=DepartmentKind.AGENCY)
    office = city.add_child(code="CSV", name="시민봉사담당관", kind=DepartmentKind.DIVISION, high_intensity=True)
    open_desk = office.add_child(code="CSV-OPEN", name="열린민원실", kind=DepartmentKind.TEAM, high_intensity=True)
    water = city.add_child(code="WTR-S", name="남부수도사업소", kind=DepartmentKind.FIELD_OFFICE, high_intensity=True)
    make_staff("1000001", "김민원", open_desk)
    make_staff("1000003", "박인사", city)
    for number in range(40):
        make_staff(f"20{number:05d}", f"직원{number}", water if number % 2 else open_desk)


def snapshot():
    return (
        CoursePage.objects.count(),
        CourseCompletion.objects.count(),
        QuizAttempt.objects.count(),
        CompletionRecord.objects.count(),
        CourseAssignment.objects.count(),
    )


def test_demo_builds_both_courses_and_learners_once(demo_org, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DB_TASKS  # queued for the worker, as in `make run`
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(io.StringIO())
    first = snapshot()
    demo.load(io.StringIO())
    assert snapshot() == first

    malicious = CoursePage.objects.get(title="악성민원 사례별 대응요령")
    lessons = list(malicious.lessons())
    assert len(lessons) == 10
    kinds = [type(lesson) for lesson in lessons]
    assert kinds.count(QuizLessonPage) == 2 and kinds.count(ScormLessonPage) == 1
    assert kinds.count(TextLessonPage) == 4 and kinds.count(VideoLessonPage) == 3
    assert next(lesson for lesson in lessons if isinstance(lesson, ScormLessonPage)).package.is_ready
    assert CoursePage.objects.filter(title="전화·방문 민원 응대요령").exists()

    from lms.people.models import User

    learner = User.objects.get(username="1000001")
    this_year = timezone.localdate().year
    mine = CourseCompletion.objects.filter(user=learner)
    assert mine.filter(course__title="전화·방문 민원 응대요령", evaluation_year=this_year).exists()  # again this year
    assert not mine.filter(course=malicious, evaluation_year=this_year).exists()  # under way again
    assert mine.filter(evaluation_year=this_year - 1).count() == 2
    assert CourseCompletion.objects.filter(course=malicious, evaluation_year=this_year).exists()  # others finished it
    # Last year's completions, spread over that year, in the ledger beside this year's.
    last_year = CompletionRecord.objects.filter(item_kind="course", evaluation_year=this_year - 1)
    assert last_year.count() >= 30 and len({record.completed_on.month for record in last_year}) >= 8
    assert CompletionRecord.objects.filter(item_kind="course", evaluation_year=this_year).exists()
    assert QuizAttempt.objects.filter(passed=False).exists()  # some failed once before passing
    assert CourseAssignment.objects.get(department__code="WTR-S").deadline < timezone.localdate()  # overdue

    # Lesson videos of 5–15 minutes, their transcodes queued first course first, in lesson order.
    videos = [lesson.video for course in CoursePage.objects.order_by("path") for lesson in course.lessons()
              if isinstance(lesson, VideoLessonPage)]
    assert all(300 <= video.duration <= 900 for video in videos)
    queued = DBTaskResult.objects.ready().filter(task_path="media_pipeline.tasks.transcode_video")
    assert [row.args_kwargs["args"][0] for row in queued] == [video.pk for video in videos]
    assert [row.priority for row in queued][:3] == [demo.COURSE_PRIORITIES[0]] * 3

    # Videos are watched through the heartbeat path: completed ones fully, the demo login half-way
    # through lesson 6's, with a part skipped, resuming where it stopped.
    watched = LearningState.objects.filter(page__in=[video_lesson.pk for video_lesson in VideoLessonPage.objects.all()])
    assert watched.filter(completed_at__isnull=False, verified_percent__gte=90).exists()
    sixth = lessons[5]
    state = LearningState.objects.get(user=learner, page=sixth)
    duration = sixth.video.duration
    assert state.completed_at is None and 50 <= state.verified_percent <= 60
    assert state.watched_intervals == [[0.0, pytest.approx(0.45 * duration)], [pytest.approx(0.6 * duration), pytest.approx(0.7 * duration)]]
    assert state.last_position == pytest.approx(0.7 * duration)
    assert watched.filter(completed_at__isnull=True, verified_percent__gt=0).count() > 1  # others stopped part-way too

    # This year's learning is dated over the year, not on the day the demo was loaded.
    phone_done = mine.get(course__title="전화·방문 민원 응대요령", evaluation_year=this_year)
    assert phone_done.completed_at < timezone.now() - timezone.timedelta(days=30)
    this_year_records = CompletionRecord.objects.filter(item_kind="course", evaluation_year=this_year)
    months = {record.completed_on.month for record in this_year_records}
    assert len(months) >= min(4, timezone.localdate().month - 1)
    assert QuizAttempt.objects.filter(passed=False, submitted_at__lt=timezone.now() - timezone.timedelta(days=1)).exists()
