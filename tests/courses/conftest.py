"""Courses under test: a small organisation, staff in it, and a course with one lesson of each kind."""

from decimal import Decimal

import pytest

from courses.models import (
    Audience,
    CourseIndexPage,
    CoursePage,
    QuizLessonPage,
    TextLessonPage,
    VideoLessonPage,
)
from lms.people.models import Department, DepartmentKind, StaffProfile
from media_pipeline.models import Video, VideoStatus
from tests.factories import home_page
from tests.factories import make_staff as make_user

class Org:
    """서울특별시 › 시민소통기획관 › 시민봉사담당관 › 민원기획팀, and a high-intensity 120다산콜재단 beside it."""

    def __init__(self):
        self.city = Department.add_root(code="T100", name="서울특별시", kind=DepartmentKind.AGENCY)
        self.bureau = self.city.add_child(code="T110", name="시민소통기획관", kind=DepartmentKind.BUREAU)
        self.division = self.bureau.add_child(code="T111", name="시민봉사담당관", kind=DepartmentKind.DIVISION)
        self.team = self.division.add_child(code="T112", name="민원기획팀", kind=DepartmentKind.TEAM)
        self.call_centre = self.city.add_child(
            code="T120", name="120다산콜재단", kind=DepartmentKind.FIELD_OFFICE, high_intensity=True
        )


def make_staff(username, name, department):
    user = make_user(username, name)
    StaffProfile.objects.create(user=user, department=department)
    return user


def make_course(parent=None, *, title="악성민원 사례별 대응요령", audience=Audience.ALL, **fields):
    parent = parent or make_index()
    course = CoursePage(
        title=title,
        summary="사례로 배우는 악성민원 대응",
        description="<p>폭언·욕설, 반복 민원 등 사례별 대응요령을 배웁니다.</p>",
        recognised_hours=Decimal("6"),
        audience=audience,
        **fields,
    )
    parent.add_child(instance=course)
    return course


def make_index():
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(title="이러닝 과정", slug="elearning")
        home_page().add_child(instance=index)
    return index


QUESTIONS = [
    (
        "single_choice",
        {
            "question": "폭언이 계속될 때 가장 먼저 할 일은?",
            "choices": [
                {"text": "같은 목소리로 맞대응한다", "is_correct": False},
                {"text": "중단을 정중히 요청하고 녹음을 고지한다", "is_correct": True},
                {"text": "아무 말 없이 전화를 끊는다", "is_correct": False},
            ],
            "explanation": "먼저 중단을 요청하고, 계속되면 녹음과 종료를 고지합니다.",
        },
    ),
    (
        "multiple_choice",
        {
            "question": "공감 표현으로 알맞은 것을 모두 고르세요.",
            "choices": [
                {"text": "많이 불편하셨겠습니다", "is_correct": True},
                {"text": "규정이라 어쩔 수 없습니다", "is_correct": False},
                {"text": "기다리시게 해서 죄송합니다", "is_correct": True},
            ],
            "explanation": "상대의 감정을 인정하는 말이 공감 표현입니다.",
        },
    ),
    ("true_false", {"question": "성희롱 발언에도 끝까지 응대해야 한다.", "answer": "X", "explanation": "즉시 중단을 요청합니다."}),
]


def add_lessons(course, video=None):
    """Text, quiz and (with a video) video lessons, in that order, all required."""
    text = TextLessonPage(title="폭언·욕설 민원 대응 3단계", body="<p>1단계: 중단 요청</p><p>2단계: 녹음 고지</p>")
    course.add_child(instance=text)
    quiz = QuizLessonPage(title="사례 확인 퀴즈", questions=QUESTIONS, pass_mark=60, attempt_limit=2)
    course.add_child(instance=quiz)
    lessons = [text, QuizLessonPage.objects.get(pk=quiz.pk)]  # reloaded: the stored block ids
    if video is not None:
        lesson = VideoLessonPage(title="사례 영상", video=video)
        course.add_child(instance=lesson)
        lessons.append(lesson)
    return lessons


def make_video(duration=60.0):
    return Video.objects.create(
        title="응대 사례 영상", source="videos/sources/sample.mp4", status=VideoStatus.READY, duration=duration
    )


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def learner(org):
    return make_staff("2024001", "김민수", org.team)


@pytest.fixture
def course(db):
    return make_course()


@pytest.fixture
def lessons(course):
    return add_lessons(course)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
