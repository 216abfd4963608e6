"""The results in the admin: HR sees every department, a department manager only their subtree's, on
every page and in the export (issue 15 point 10); editors and staff see none."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from lms.people import roles
from tests.factories import make_staff_in

from .conftest import PROGRAMME, SESSION, answered, make_role

INDEX = "/admin/surveys/results/"


@pytest.fixture
def results(org, session_kind):
    """Session 1: 시민봉사담당관 6, 민원기획팀 5 (both under 시민소통기획관), 중부수도사업소 7 (very unhappy)."""
    answered(org.service, 6, start=5000, comment="시민봉사담당관의 의견")
    answered(org.planning, 5, start=5100, choice=4, comment="민원기획팀의 의견")
    answered(org.water, 7, start=5200, choice=1, comment="수도사업소의 의견")


@pytest.fixture
def bureau_manager(org):
    return make_role(make_staff_in(org.bureau, "9100002", "최담당"), roles.DEPARTMENT_MANAGER, managed=org.bureau)


@pytest.fixture
def water_manager(org):
    return make_role(make_staff_in(org.water, "9100003", "정담당"), roles.DEPARTMENT_MANAGER, managed=org.water)


def programme_url():
    return f"/admin/surveys/results/programme/?year={timezone.localdate().year}&programme={PROGRAMME}"


def item_url():
    return f"/admin/surveys/results/item/?year={timezone.localdate().year}&kind={SESSION.key}&key=1"


def test_hr_sees_every_department(client, hr, results):
    client.force_login(hr)
    index = client.get(INDEX)
    assert index.status_code == 200
    assert "전체 부서" in index.content.decode() and "18명" in index.content.decode()
    for url in (programme_url(), item_url()):
        page = client.get(url).content.decode()
        assert "응답 18명" in page
        assert "수도사업소의 의견" in page and "민원기획팀의 의견" in page
        assert "61.1%" in page  # 11 of 18 satisfied
    programme = client.get(programme_url()).content.decode()
    for name in ("시민봉사담당관", "민원기획팀", "중부수도사업소"):
        assert name in programme
    # within one session departments are not broken down (see ResultDetailView)
    assert "부서별" not in client.get(item_url()).content.decode()


def test_a_manager_sees_only_their_subtree_on_every_page(client, bureau_manager, results):
    client.force_login(bureau_manager)
    index = client.get(INDEX).content.decode()
    assert "시민소통기획관 및 하위 부서" in index and "11명" in index and "18명" not in index
    for url in (programme_url(), item_url()):
        page = client.get(url).content.decode()
        assert "응답 11명" in page and "100.0%" in page
        assert "중부수도사업소" not in page and "수도사업소의 의견" not in page
    programme = client.get(programme_url()).content.decode()
    assert "시민봉사담당관" in programme and "민원기획팀" in programme


def test_a_manager_with_a_small_subtree_sees_nothing_of_it(client, org, session_kind):
    answered(org.water, 3, start=5300, comment="세 명의 의견")
    answered(org.service, 5, start=5400)
    manager = make_role(make_staff_in(org.water, "9100004", "정담당"), roles.DEPARTMENT_MANAGER, managed=org.water)
    client.force_login(manager)
    assert "응답 5명 미만" in client.get(INDEX).content.decode()
    page = client.get(programme_url()).content.decode()
    assert "응답 5명 미만" in page and "세 명의 의견" not in page and "시민봉사담당관" not in page


def test_the_export_is_scoped_too(client, hr, water_manager, results):
    client.force_login(water_manager)
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["프로그램·과정", "학습 유형", "응답", "만족도(문항 평균)"]
    assert rows[1][1:] == ["집합교육(시험)", "7명", "0%"]
    client.force_login(hr)
    response = client.get(INDEX, {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_another_subtree_cannot_be_asked_for_by_url(client, water_manager, results, org):
    client.force_login(water_manager)
    page = client.get(programme_url()).content.decode()
    assert "응답 7명" in page and "시민봉사담당관" not in page and "민원기획팀" not in page
    # an item with no response in the manager's subtree is not found at all
    answered(org.service, 5, start=5500, key="2", title="힐링 2회차")
    url = f"/admin/surveys/results/item/?year={timezone.localdate().year}&kind={SESSION.key}&key=2"
    assert client.get(url).status_code == 404


def test_editors_and_staff_see_no_results(client, org, results):
    editor = make_staff_in(org.city, "9100005", "이편집")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(editor)
    for url in (INDEX, programme_url(), item_url()):
        assert client.get(url).status_code in {302, 403}, url
    staff = make_staff_in(org.city, "9100006", "김직원")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    client.force_login(staff)
    assert client.get(INDEX).status_code == 302  # no admin at all


def test_a_manager_without_a_managed_department_sees_nothing(client, org, results):
    manager = make_role(make_staff_in(org.city, "9100007", "무담당"), roles.DEPARTMENT_MANAGER)
    client.force_login(manager)
    assert client.get(INDEX).status_code in {302, 403}  # the admin sends a refusal to its dashboard


def test_results_are_of_one_year_at_a_time(client, hr, results):
    client.force_login(hr)
    last_year = timezone.localdate().year - 1
    page = client.get(INDEX, {"year": last_year})
    assert page.status_code == 200  # no responses that year: the year is not offered, this year is shown
    assert "18명" in page.content.decode()


def test_a_session_hidden_to_protect_a_smaller_one_has_no_page_of_its_own(client, hr, org, session_kind):
    answered(org.service, 9, start=5600, key="1", title="힐링 1회차")
    answered(org.service, 6, start=5700, key="2", title="힐링 2회차", comment="2회차 의견")
    answered(org.water, 2, start=5800, key="3", title="힐링 3회차")  # 17 − 9 − 6 would give these 2 away
    client.force_login(hr)
    programme = client.get(programme_url()).content.decode()
    assert "응답 17명" in programme and "작은 집단 보호를 위해 비공개" in programme
    year = timezone.localdate().year
    second = client.get(f"/admin/surveys/results/item/?year={year}&kind={SESSION.key}&key=2").content.decode()
    assert "작은 집단 보호를 위해 비공개: 결과를 보여 주지 않습니다." in second and "2회차 의견" not in second
    first = client.get(f"/admin/surveys/results/item/?year={year}&kind={SESSION.key}&key=1").content.decode()
    assert "응답 9명" in first
