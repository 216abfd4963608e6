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
from lms.records.models import CompletionRecord

from .conftest import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


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


def test_demo_builds_both_courses_and_learners_once(demo_org):
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
