"""A department manager sees the frozen results of their subtree only: its rows, its evidence and its
roster, on the page and in the XLSX; another subtree answers 404, even asked for by the query string."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.evaluation.services import freeze_result
from lms.hr.models import DataExport
from lms.people import roles
from lms.people.models import StaffProfile
from tests.evaluation.conftest import REFERENCE_DATE, frozen_download
from tests.evaluation.test_freeze import published
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

CIVIC = {"CIVIC", "CIVIC-DESK", "CIVIC-TEAM"}


@pytest.fixture
def frozen(organisation):
    return freeze_result(rule_set=published(), reference_date=REFERENCE_DATE, user=make_staff("2019001", "박인사"))


@pytest.fixture
def manager_client(client, organisation):
    """The manager of 시민소통실 (민원실 and 소통팀)."""
    manager = make_staff("2019002", "최담당")
    manager.groups.add(Group.objects.get(name=roles.DEPARTMENT_MANAGER))
    StaffProfile.objects.create(user=manager, department=organisation["team"], managed_department=organisation["bureau"])
    client.force_login(manager)
    return client


def rows_of(html):
    import re

    return set(re.findall(r'<tr><th scope="row">([^<]+)</th><td>', html))


def test_a_manager_finds_frozen_results_in_the_menu_list(manager_client, frozen):
    page = manager_client.get(reverse("evaluation_frozen_results"))
    assert page.status_code == 200
    assert reverse("evaluation_frozen_result", args=[frozen.pk]) in page.text and "하위 부서의 결과만" in page.text


def test_a_manager_sees_only_their_subtree_of_a_frozen_result(manager_client, frozen, organisation):
    page = manager_client.get(reverse("evaluation_frozen_result", args=[frozen.pk]))
    assert page.status_code == 200
    assert rows_of(page.text) == {"시민소통실", "민원실", "소통팀"}
    assert {row["code"] for row in page.context["part"].results} == CIVIC
    # One department of the subtree narrows it further.
    team = manager_client.get(reverse("evaluation_frozen_result", args=[frozen.pk]), {"department": organisation["team"].pk})
    assert rows_of(team.text) == {"소통팀"}


@pytest.mark.parametrize("outside", ["seoul", "water", "billing"])
def test_another_subtree_is_404_on_the_page_and_the_download(manager_client, frozen, organisation, outside):
    query = f"department={organisation[outside].pk}"
    assert manager_client.get(reverse("evaluation_frozen_result", args=[frozen.pk]) + f"?{query}").status_code == 404
    response, content = frozen_download(manager_client, frozen, query=query)
    assert response.status_code == 404 and content is None and not DataExport.objects.exists()
    assert manager_client.get(reverse("evaluation_frozen_result", args=[frozen.pk]), {"department": "x"}).status_code == 404
    assert manager_client.get(reverse("evaluation_frozen_result", args=[frozen.pk + 999])).status_code == 404


def test_a_managers_download_holds_only_their_subtree_and_is_on_record(manager_client, frozen, organisation):
    _response, content = frozen_download(manager_client, frozen)
    export = DataExport.objects.get()
    assert export.report == "evaluation_final" and export.filters["department"]["code"] == "CIVIC"
    assert export.row_count == 3 and len(export.sha256) == 64 and export.downloads.get().succeeded
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    results = list(workbook["확정 결과"].iter_rows(values_only=True))
    assert "시민소통실 및 하위 부서만" in results[0][0]
    assert {row[0] for row in results[2:]} == CIVIC
    o = organisation
    civic_people = {o[name].pk for name in ("p1", "p2", "p3", "p7")}
    evidence_users = {row[1] for row in list(workbook["근거 이수기록"].iter_rows(values_only=True))[1:]}
    assert evidence_users and evidence_users <= civic_people  # not p4 (요금과) nor p8 (수도사업소)
    roster = {row[0] for row in list(workbook["기준일 명단"].iter_rows(values_only=True))[1:]}
    assert roster == civic_people


def test_hr_sees_the_whole_result(client, frozen, organisation):
    hr = make_staff("2019003", "김인사")
    hr.groups.add(Group.objects.get(name=roles.HR))
    client.force_login(hr)
    page = client.get(reverse("evaluation_frozen_result", args=[frozen.pk]))
    assert rows_of(page.text) == {"서울특별시", "시민소통실", "민원실", "소통팀", "수도사업소", "요금과"}
    water = client.get(reverse("evaluation_frozen_result", args=[frozen.pk]), {"department": organisation["water"].pk})
    assert rows_of(water.text) == {"수도사업소", "요금과"}


def test_the_frozen_download_needs_a_purpose(manager_client, frozen):
    response = manager_client.post(reverse("evaluation_frozen_result_export", args=[frozen.pk]), {"purpose": ""})
    assert response.status_code == 302 and not DataExport.objects.exists()
    assert "사용 목적을 입력해 주세요" in manager_client.get(response["Location"]).text
