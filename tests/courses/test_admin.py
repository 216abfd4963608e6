from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseAssignment
from lms.people.roles import HR, STAFF

from .conftest import make_staff

pytestmark = pytest.mark.django_db


def with_role(user, role):
    user.groups.add(Group.objects.get(name=role))
    return user


def test_hr_assigns_a_course_to_a_department_in_the_admin(client, org, course):
    hr = with_role(make_staff("hr01", "인사담당", org.division), HR)
    client.force_login(hr)
    add_url = reverse("wagtailsnippets_courses_courseassignment:add")
    assert client.get(add_url).status_code == 200
    deadline = timezone.localdate() + timedelta(days=30)
    response = client.post(add_url, {"course": course.pk, "department": org.bureau.pk, "deadline": deadline.isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = CourseAssignment.objects.get()
    assert (assignment.course_id, assignment.department_id, assignment.deadline, assignment.assigned_by) == (
        course.pk,
        org.bureau.pk,
        deadline,
        hr,
    )

    # A second assignment of the same course to the same department is refused in Korean.
    response = client.post(add_url, {"course": course.pk, "department": org.bureau.pk, "deadline": deadline.isoformat()})
    assert response.status_code == 200
    assert "이미 이 과정이 배정되어" in response.content.decode()
    assert CourseAssignment.objects.count() == 1
    assert client.get(reverse("wagtailsnippets_courses_courseassignment:list")).status_code == 200


def test_ordinary_staff_cannot_assign(client, org):
    client.force_login(with_role(make_staff("st01", "직원", org.team), STAFF))
    response = client.get(reverse("wagtailsnippets_courses_courseassignment:add"))
    assert response.status_code in (302, 403)
    assert not CourseAssignment.objects.exists()
