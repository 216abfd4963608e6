from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Site

from courses.models import Audience, CourseAssignment, CourseSettings, Enrolment, EnrolmentSource

from .conftest import make_course, make_staff

pytestmark = pytest.mark.django_db


def enrol(client, course):
    return client.post(course.url, {"action": "enrol"})


def test_anonymous_visitors_are_sent_to_log_in(client, course, lessons):
    for page in [course.get_parent(), course, lessons[0]]:
        response = client.get(page.url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("audience", "team_sees", "call_centre_sees"),
    [
        (Audience.ALL, True, True),
        (Audience.HIGH_INTENSITY, False, True),
        (Audience.ORDINARY, True, False),
    ],
)
def test_audience_decides_who_may_open_a_course_and_its_lessons(client, org, audience, team_sees, call_centre_sees):
    course = make_course(audience=audience)
    lesson_course_page = course
    for username, department, sees in [("t1", org.team, team_sees), ("c1", org.call_centre, call_centre_sees)]:
        client.force_login(make_staff(username, "홍길동", department))
        response = client.get(lesson_course_page.url)
        listing = client.get(course.get_parent().url).content.decode()
        if sees:
            assert response.status_code == 200
            assert course.title in listing
        else:
            assert response.status_code == 403
            assert "이 과정의 수강 대상이 아닙니다" in response.content.decode()
            assert course.title not in listing
            assert enrol(client, course).status_code == 403
            assert not Enrolment.objects.filter(course=course).exists()


def test_chosen_departments_include_their_whole_subtree(client, org, lessons):
    course = lessons[0].get_parent().specific
    course.audience = Audience.CHOSEN
    course.departments.set([org.bureau])
    course.save()
    inside = make_staff("in1", "이안쪽", org.team)  # 민원기획팀 is under 시민소통기획관
    outside = make_staff("out1", "박바깥", org.call_centre)
    client.force_login(inside)
    assert client.get(course.url).status_code == 200
    client.force_login(outside)
    response = client.get(lessons[0].url)
    assert response.status_code == 403
    assert "수강 대상: 지정 부서" in response.content.decode()


def test_staff_without_a_department_cannot_open_courses(client, course):
    from lms.people.models import User

    client.force_login(User.objects.create_user(username="x1", password="pw-test-1234", name="무소속"))
    response = client.get(course.url)
    assert response.status_code == 403
    assert "소속 부서" in response.content.decode()


def test_self_enrolment_then_lessons_open(learner_client, learner, course, lessons):
    response = learner_client.get(lessons[0].url)
    assert response.status_code == 302 and response.url == course.url  # not enrolled yet
    assert "수강 신청" in learner_client.get(course.url).content.decode()

    response = enrol(learner_client, course)
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.source == EnrolmentSource.SELF
    assert enrol(learner_client, course).status_code == 302  # twice is harmless
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    assert learner_client.get(lessons[0].url).status_code == 200


def test_without_self_enrolment_only_assigned_departments_enrol(client, org, course):
    course.self_enrolment = False
    course.save()
    CourseAssignment.objects.create(course=course, department=org.division, deadline=timezone.localdate())
    assigned = make_staff("a1", "배정됨", org.team)  # below 시민봉사담당관
    unassigned = make_staff("u1", "미배정", org.call_centre)

    client.force_login(unassigned)
    page = client.get(course.url).content.decode()
    assert "배정한 부서의 직원만" in page
    enrol(client, course)
    assert not Enrolment.objects.filter(user=unassigned).exists()

    client.force_login(assigned)
    enrol(client, course)
    assert Enrolment.objects.get(user=assigned).source == EnrolmentSource.ASSIGNED


def test_unknown_post_action_is_refused(learner_client, course):
    response = learner_client.post(course.url, {"action": "delete"})
    assert response.status_code == 400
    assert "알 수 없는 요청" in response.content.decode()


def test_recognised_hours_are_bounded_by_the_site_setting(course):
    course.recognised_hours = Decimal("12")
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "인정 시간은 5시간 이상 10시간 이하로 입력해 주세요." in error.value.message_dict["recognised_hours"]

    bounds = CourseSettings.for_site(Site.objects.get(is_default_site=True))
    bounds.max_recognised_hours = Decimal("12")
    bounds.save()
    course.full_clean()  # now within bounds

    course.recognised_hours = Decimal("4.5")
    with pytest.raises(ValidationError):
        course.full_clean()


def test_hour_bounds_must_be_ordered():
    bounds = CourseSettings.for_site(Site.objects.get(is_default_site=True))
    bounds.min_recognised_hours, bounds.max_recognised_hours = Decimal("8"), Decimal("6")
    with pytest.raises(ValidationError) as error:
        bounds.full_clean()
    assert "상한은 하한보다 작을 수 없습니다." in error.value.message_dict["max_recognised_hours"]


def test_assignment_must_target_the_course_audience_once_with_a_future_deadline(org):
    course = make_course(audience=Audience.HIGH_INTENSITY)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        CourseAssignment(course=course, department=org.team, deadline=tomorrow).full_clean()
    assert "수강 대상이 아닙니다" in error.value.message_dict["department"][0]

    CourseAssignment.objects.create(course=course, department=org.call_centre, deadline=tomorrow)
    with pytest.raises(ValidationError) as error:
        CourseAssignment(course=course, department=org.call_centre, deadline=tomorrow).full_clean()
    assert "이미 이 과정이 배정되어" in str(error.value)

    with pytest.raises(ValidationError) as error:
        CourseAssignment(
            course=make_course(title="전화·방문 민원 응대요령"),
            department=org.team,
            deadline=timezone.localdate() - timedelta(days=1),
        ).full_clean()
    assert "오늘 이후" in error.value.message_dict["deadline"][0]
