"""The rates dashboard and its drill-down: the numbers, the scope of each role, constant queries."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.people import roles
from lms.people.models import StaffProfile
from tests.evaluation.conftest import TEST_KIND, department
from tests.factories import make_editor, make_staff

pytestmark = pytest.mark.django_db

QUERY = {"year": 2026, "reference_date": "2026-12-01", "counted": f"kind:{TEST_KIND.key}"}


def with_role(user, role, *, department=None, managed=None):
    user.groups.add(Group.objects.get(name=role))
    if department is not None:
        StaffProfile.objects.create(user=user, department=department, managed_department=managed)
    return user


@pytest.fixture
def hr_client(client, organisation):
    client.force_login(with_role(make_staff("2019001", "박인사"), roles.HR))
    return client


@pytest.fixture
def manager_client(client, organisation):
    manager = with_role(
        make_staff("2019002", "최담당"), roles.DEPARTMENT_MANAGER, department=organisation["team"], managed=organisation["bureau"]
    )
    client.force_login(manager)
    return client


def rows(response):
    """{department name: (staff, completed, rate)} from the tree table."""
    found = {}
    for name, staff, completed, rate in re.findall(
        r'<a href="[^"]*">([^<]+)</a>\s*</th>\s*<td>[^<]*</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>',
        response.text,
    ):
        found[name] = (int(staff), int(completed), rate)
    return found


def test_hr_sees_every_department_with_the_hand_computed_numbers(hr_client):
    response = hr_client.get(reverse("evaluation_rates"), QUERY)
    assert response.status_code == 200
    assert rows(response) == {
        "서울특별시": (6, 3, "50.0%"), "시민소통실": (4, 3, "75.0%"), "민원실": (1, 1, "100.0%"),
        "소통팀": (3, 2, "66.7%"), "수도사업소": (2, 0, "0.0%"), "요금과": (1, 0, "0.0%"),
    }
    assert "고강도 민원접점" in response.text and "evaluation-chart-data" in response.text


def test_the_split_filter_and_the_sort(hr_client):
    response = hr_client.get(reverse("evaluation_rates"), {**QUERY, "split": "field", "sort": "rate_desc"})
    assert list(rows(response)) == ["수도사업소", "요금과"]
    response = hr_client.get(reverse("evaluation_rates"), {**QUERY, "sort": "rate_desc"})
    assert list(rows(response))[:2] == ["민원실", "시민소통실"]


def test_the_attribution_at_completion(hr_client):
    response = hr_client.get(reverse("evaluation_rates"), {**QUERY, "attribution": "at_completion"})
    assert rows(response)["민원실"] == (2, 2, "100.0%") and rows(response)["소통팀"] == (2, 1, "50.0%")


def test_a_manager_sees_only_their_subtree(manager_client, organisation):
    response = manager_client.get(reverse("evaluation_rates"), QUERY)
    assert set(rows(response)) == {"시민소통실", "민원실", "소통팀"}
    assert "수도사업소" not in response.text and "서울특별시" not in response.text
    own = manager_client.get(reverse("evaluation_department_people", args=[organisation["team"].pk]), QUERY)
    assert own.status_code == 200 and ">p2<" in own.text and ">p4<" not in own.text
    other = manager_client.get(reverse("evaluation_department_people", args=[organisation["water"].pk]), QUERY)
    assert other.status_code == 404


def test_a_manager_cannot_widen_the_scope_by_query_string(manager_client, organisation):
    response = manager_client.get(reverse("evaluation_rates"), {**QUERY, "department": organisation["seoul"].pk, "split": ""})
    assert "수도사업소" not in response.text


def test_the_drill_down_lists_people_with_their_completions(hr_client, organisation):
    response = hr_client.get(reverse("evaluation_department_people", args=[organisation["bureau"].pk]), QUERY)
    text = response.text
    assert response.status_code == 200
    for name in ("p1", "p2", "p3", "p7"):
        assert f">{name}<" in text
    assert ">p4<" not in text and text.count("<td>이수</td>") == 3 and text.count("<td>미이수</td>") == 1


@pytest.mark.parametrize("make_user", [make_editor, make_staff])
def test_editors_and_staff_see_no_rates(client, organisation, make_user):
    client.force_login(make_user())
    assert client.get(reverse("evaluation_rates"), QUERY).status_code in (302, 403)
    assert client.get(reverse("evaluation_department_people", args=[organisation["desk"].pk]), QUERY).status_code in (302, 403)


def test_a_bad_reference_date_is_refused_in_korean(hr_client):
    response = hr_client.get(reverse("evaluation_rates"), {**QUERY, "reference_date": "2020-01-01"})
    assert response.status_code == 200 and "기준일은 평가 연도 안이나" in response.text


def test_the_dashboard_query_count_does_not_grow_with_the_departments(hr_client, organisation, django_assert_max_num_queries):
    hr_client.get(reverse("evaluation_rates"), QUERY)  # warm the session and permission caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        hr_client.get(reverse("evaluation_rates"), QUERY)
    for number in range(25):
        department(f"MORE-{number}", f"추가과{number}", "부서", organisation["bureau"])
    with CaptureQueriesContext(connection) as after:
        hr_client.get(reverse("evaluation_rates"), QUERY)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_each_page_names_itself_in_its_header_not_just_home(hr_client, organisation):
    """Wagtail's slim header titles a view by its last breadcrumb, which was 홈 on every evaluation page."""
    dashboard = hr_client.get(reverse("evaluation_rates"), QUERY)
    assert dashboard.context["breadcrumbs_items"][-1]["label"] == "부서별 이수율"
    people = hr_client.get(reverse("evaluation_department_people", args=[organisation["bureau"].pk]), QUERY)
    assert [item["label"] for item in people.context["breadcrumbs_items"][-2:]] == ["부서별 이수율", "부서원 이수 현황"]
    assert people.context["breadcrumbs_items"][-2]["url"] == reverse("evaluation_rates")
