import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import CourseAssignment, Enrolment, TextLessonPage
from lms.records.models import CompletionRecord
from lms.records.services import mark_complete

from .conftest import make_course, make_staff

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_requires_login(client):
    response = client.get("/my/learning/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_header_links_to_my_learning(learner_client):
    html = learner_client.get("/my/learning/").content.decode()
    assert 'href="/my/learning/" aria-current="page">내 학습</a>' in html


def test_in_progress_completed_hours_and_assignments(learner_client, learner, org, course, lessons):
    today = timezone.localdate()
    # In progress: the text lesson done, so "continue" leads to the quiz.
    Enrolment.objects.create(user=learner, course=course)
    mark_complete(user=learner, page=lessons[0])

    # Completed: a one-lesson course, with its certificate.
    phone = make_course(course.get_parent(), title="전화·방문 민원 응대요령")
    only = TextLessonPage(title="전화 응대 기본", body="<p>본문</p>")
    phone.add_child(instance=only)
    mark_complete(user=learner, page=only)
    completion = phone.completions.get()

    # Hours from last year do not count this year: an offline session HR recorded.
    CompletionRecord.objects.create(
        user=learner,
        item_kind="offline_session",
        item_key="7",
        item_title="작년 집합교육",
        hours=Decimal("2"),
        completed_on=date(today.year - 1, 12, 1),
        evaluation_year=today.year - 1,
        source="offline",
        department=org.team,
    )

    # Assignments: one to the division above the learner's team (overdue), one to another department.
    CourseAssignment.objects.create(course=course, department=org.division, deadline=today - timedelta(days=3))
    CourseAssignment.objects.create(course=phone, department=org.call_centre, deadline=today + timedelta(days=5))

    response = learner_client.get("/my/learning/")
    html = response.content.decode()
    text = text_of(html)
    assert response.status_code == 200

    assert f"{today.year}년(올해) 6 시간" in text and f"{today.year - 1}년(작년) 2 시간" in text
    this_year = html.split(f'id="year-{today.year}-heading"')[1].split(f'id="year-{today.year - 1}-heading"')[0]
    assert "전화·방문 민원 응대요령" in this_year and "이러닝 과정" in text_of(this_year) and "온라인" in this_year
    assert "작년 집합교육" not in this_year
    last_year = text_of(html.split(f'id="year-{today.year - 1}-heading"')[1].split('id="assigned-heading"')[0])
    assert "작년 집합교육" in last_year and "집합" in last_year and "인정 2시간" in last_year and "민원기획팀" in last_year

    in_progress = html.split('id="in-progress-heading"')[1].split('id="completed-heading"')[0]
    assert course.title in in_progress
    assert f'href="{lessons[1].url}"' in in_progress  # continue with the next incomplete lesson
    assert "진도 50%" in text_of(in_progress)

    completed = html.split('id="completed-heading"')[1]
    assert "전화·방문 민원 응대요령" in completed
    assert f'/certificates/{completion.serial}/download/' in completed

    assigned = html.split('id="assigned-heading"')[1].split('id="in-progress-heading"')[0]
    assert "assignment--overdue" in assigned and "기한 지남" in assigned
    assert "시민봉사담당관 배정" in text_of(assigned)
    assert "전화·방문" not in assigned  # assigned to 120다산콜재단, not the learner's department


def test_assignment_row_when_completed_or_due(learner_client, learner, org):
    today = timezone.localdate()
    course = make_course()
    lesson = TextLessonPage(title="1차시", body="<p>가</p>")
    course.add_child(instance=lesson)
    CourseAssignment.objects.create(course=course, department=org.city, deadline=today)
    text = text_of(learner_client.get("/my/learning/").content.decode())
    assert "오늘 마감" in text

    mark_complete(user=learner, page=lesson)
    html = learner_client.get("/my/learning/").content.decode()
    assigned = html.split('id="assigned-heading"')[1].split('id="in-progress-heading"')[0]
    assert "이수 완료" in assigned and "assignment--overdue" not in assigned


def test_empty_states(client, org):
    client.force_login(make_staff("2024100", "신규자", org.team))
    text = text_of(client.get("/my/learning/").content.decode())
    assert "우리 부서에 배정된 과정이 없습니다" in text
    assert "학습 중인 과정이 없습니다" in text
    assert "아직 이수한 과정이 없습니다" in text
    assert "년(올해) 0 시간" in text and "년(작년) 0 시간" in text and "이수한 기록이 없습니다" in text


def test_course_page_shows_the_learners_progress(learner_client, learner, course, lessons):
    learner_client.post(course.url, {"action": "enrol"})
    mark_complete(user=learner, page=lessons[0])
    html = learner_client.get(course.url).content.decode()
    assert "진도 50%" in text_of(html)
    assert f'href="{lessons[1].url}">이어서 학습하기' in html


def test_home_page_shows_courses_in_progress_with_a_continue_link(learner_client, course, lessons):
    learner_client.post(course.url, {"action": "enrol"})
    html = learner_client.get("/").content.decode()
    assert course.title in html
    assert f'href="{lessons[0].url}"' in html  # 이어서 학습 → the first unfinished lesson
    assert "내 학습 전체 보기" in html


def test_lessons_are_listed_under_their_course_and_a_course_not_completed_shows_as_progress(
    learner_client, learner, course, lessons
):
    """내 학습 by year: a completed course carries its hours and its lessons; lessons of a course not
    completed yet are progress under that course, not rows of their own at 0 hours."""
    Enrolment.objects.create(user=learner, course=course)
    mark_complete(user=learner, page=lessons[0])  # course (2 lessons) in progress
    phone = make_course(course.get_parent(), title="전화·방문 민원 응대요령")
    only = TextLessonPage(title="전화 응대 기본", body="<p>본문</p>")
    phone.add_child(instance=only)
    mark_complete(user=learner, page=only)  # a one-lesson course: completed

    year = timezone.localdate().year
    html = learner_client.get("/my/learning/").content.decode()
    this_year = html.split(f'id="year-{year}-heading"')[1].split(f'id="year-{year - 1}-heading"')[0]
    rows = [text_of(row) for row in this_year.split('<li class="completion')[1:]]
    heading = text_of(this_year.split("</h3>")[0])
    assert len(rows) == 2 and heading.endswith("· 1건")  # the course in progress is not a completion
    completed = next(row for row in rows if "전화·방문 민원 응대요령" in row)
    assert "인정 " in completed and "이수한 차시 1개" in completed and "전화 응대 기본" in completed
    progress = next(row for row in rows if course.title in row)
    assert "학습 중" in progress and f"차시 1/{len(lessons)} 이수" in progress and lessons[0].title in progress
    assert "이러닝 차시" not in this_year  # no lesson is a row of its own


def test_a_completion_with_a_start_date_shows_its_period(learner_client, learner):
    year = timezone.localdate().year
    for key, started_on in (("1", date(year, 3, 2)), ("2", None)):
        CompletionRecord.objects.create(
            user=learner, item_kind="offline_session", item_key=key, item_title=f"집합교육 {key}", hours=Decimal("3"),
            started_on=started_on, completed_on=date(year, 3, 6), evaluation_year=year, source="offline",
        )
    text = text_of(learner_client.get("/my/learning/").content.decode())
    assert f"{year}년 3월 2일 ~ {year}년 3월 6일 이수" in text
    assert text.count(f"{year}년 3월 6일 이수") == 2  # the one without a start shows its date alone
