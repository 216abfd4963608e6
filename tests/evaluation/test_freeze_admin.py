"""HR previews a draft, freezes the year and downloads the result with its evidence; nobody else can."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.evaluation.models import FrozenResult
from lms.people import roles
from lms.people.models import StaffProfile
from tests.evaluation.conftest import REFERENCE_DATE, frozen_download
from tests.evaluation.test_freeze import published
from tests.evaluation.test_scores import EPISODE_ITEM, band, share_item, stream
from tests.factories import make_editor, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, organisation):
    hr = make_staff("2019001", "박인사")
    hr.groups.add(Group.objects.get(name=roles.HR))
    client.force_login(hr)
    return client


def test_hr_previews_the_draft_beside_the_published_points(hr_client, organisation):
    rules = published()
    rules.items = stream(share_item([band(60, None, 2), band(40, 60, 1)]), EPISODE_ITEM)
    rules.save_revision()
    response = hr_client.get(reverse("evaluation_what_if", args=[rules.pk]), {"reference_date": REFERENCE_DATE.isoformat()})
    assert response.status_code == 200
    # 소통팀 66.7 %: 1 point under the published bands, 2 under the draft's.
    assert "소통팀</th>\n                        <td>1.00점</td>\n                        <td>2.00점</td>" in response.text
    assert "+1.00점 상승" in response.text


def test_hr_freezes_the_year_and_downloads_it(hr_client, organisation):
    rules = published()
    url = reverse("evaluation_freeze", args=[rules.pk])
    assert "향상 노력도 가점을 기준일의" in hr_client.get(url).text  # the particle fits the name
    refused = hr_client.post(url, {"reference_date": REFERENCE_DATE.isoformat()})
    assert "확정하려면 확인란을 선택하세요." in refused.text and not FrozenResult.objects.exists()
    response = hr_client.post(url, {"reference_date": REFERENCE_DATE.isoformat(), "confirm": "on"})
    frozen = FrozenResult.objects.get()
    assert response["Location"] == reverse("evaluation_frozen_result", args=[frozen.pk])
    detail = hr_client.get(response["Location"])
    assert frozen.digest in detail.text and "오늘 다시 계산해도 결과가 같습니다" in detail.text
    _response, content = frozen_download(hr_client, frozen)
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["확정 결과", "가점 기준", "근거 이수기록", "기준일 명단"]
    result_rows = list(workbook["확정 결과"].iter_rows(values_only=True))
    assert result_rows[1][:2] == ("부서코드", "부서") and result_rows[1][-2:] == ("가점 합계", "기관성과평가 환산 (10점)")
    total_column = result_rows[1].index("가점 합계")
    totals = {row[0]: Decimal(str(row[total_column])) for row in result_rows[2:]}
    # These rules map no 기관성과평가 score: the column stays empty.
    assert all(len(row) == total_column + 1 or row[-1] is None for row in result_rows[2:])
    # 서울특별시: 50 % → 1, one episode completer → 0.5, one item held (p8's episode) → 1.
    assert totals["CIVIC-TEAM"] == Decimal("1") and totals["SEOUL"] == Decimal("2.5")
    assert len(list(workbook["기준일 명단"].iter_rows())) == 1 + 6
    # A second freeze of the year is refused in Korean.
    again = hr_client.post(url, {"reference_date": REFERENCE_DATE.isoformat(), "confirm": "on"})
    assert "이미 확정되었습니다" in again.text


def test_rates_page_offers_the_cycle_to_hr(hr_client, organisation):
    rules = published()
    response = hr_client.get(reverse("evaluation_rates"), {"year": 2026, "reference_date": "2026-12-01"})
    assert reverse("evaluation_what_if", args=[rules.pk]) in response.text
    assert reverse("evaluation_freeze", args=[rules.pk]) in response.text


def test_managers_editors_and_staff_cannot_preview_or_freeze_and_only_managers_see_frozen_results(client, organisation):
    rules = published()
    manager = make_staff("2019002", "최담당")
    manager.groups.add(Group.objects.get(name=roles.DEPARTMENT_MANAGER))
    StaffProfile.objects.create(user=manager, department=organisation["team"], managed_department=organisation["bureau"])
    hr = make_staff("2019001", "박인사")
    from lms.evaluation.services import freeze_result

    frozen = freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=hr)
    frozen_urls = (
        reverse("evaluation_frozen_results"),
        reverse("evaluation_frozen_result", args=[frozen.pk]),
        reverse("evaluation_frozen_result_export", args=[frozen.pk]),
    )
    for user in (manager, make_editor(), make_staff("2019003", "김직원")):
        client.force_login(user)
        for url in (reverse("evaluation_what_if", args=[rules.pk]), reverse("evaluation_freeze", args=[rules.pk])) + (
            () if user == manager else frozen_urls  # a manager sees their subtree's part (test_frozen_scope)
        ):
            assert client.get(url).status_code in (302, 403), (user, url)
        assert client.post(reverse("evaluation_freeze", args=[rules.pk]), {"confirm": "on"}).status_code in (302, 403)
