"""HR and a department manager use the rates dashboard in Chromium, on a desktop and a phone:
the charts draw, every number has its table, the manager sees only their subtree; axe-core clean."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from lms.evaluation.models import RuleSet
from lms.people import roles
from lms.people.models import StaffProfile
from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.evaluation.conftest import TEST_KIND, organisation  # noqa: F401 (a fixture)
from tests.evaluation.conftest import _a_registered_kind  # noqa: F401 (an autouse fixture)
from tests.factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

QUERY = f"?year=2026&reference_date=2026-12-01&counted=kind:{TEST_KIND.key}"


def signed_in_page(chromium, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    page = new_page(chromium, viewport=viewport)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )
    return page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_reads_the_rates_and_drills_down(chromium, live_server, transactional_db, organisation, viewport, tmp_path):
    hr = make_staff("2019001", "박인사")
    hr.groups.add(Group.objects.get(name=roles.HR))
    page = signed_in_page(chromium, live_server, hr, viewport)
    page.goto(f"{live_server.url}{reverse('evaluation_rates')}{QUERY}")
    page.get_by_role("heading", name="부서별 이수율").wait_for()
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-months') !== undefined")
    assert page.locator("table.evaluation-tree tbody tr").count() == 6
    page.screenshot(path=str(tmp_path / f"rates-{viewport['width']}.png"), full_page=True)
    check_page(page)
    page.get_by_role("link", name="시민소통실").click()
    page.get_by_role("heading", name="부서원 이수 현황").wait_for()
    assert page.locator("main table.listing tbody tr").count() == 4
    check_page(page)


def test_a_manager_sees_their_subtree_only(chromium, live_server, transactional_db, organisation):
    manager = make_staff("2019002", "최담당")
    manager.groups.add(Group.objects.get(name=roles.DEPARTMENT_MANAGER))
    StaffProfile.objects.create(user=manager, department=organisation["team"], managed_department=organisation["bureau"])
    page = signed_in_page(chromium, live_server, manager, PHONE)
    page.goto(f"{live_server.url}{reverse('evaluation_rates')}{QUERY}")
    names = page.locator("table.evaluation-tree tbody th").all_inner_texts()
    assert [name.strip() for name in names] == ["시민소통실", "민원실", "소통팀"]
    check_page(page)


def test_hr_edits_a_rule_set_in_the_admin(chromium, live_server, transactional_db, organisation):
    hr = make_staff("2019001", "박인사")
    hr.groups.add(Group.objects.get(name=roles.HR))
    rules = RuleSet.objects.create(evaluation_year=2026, total_cap=Decimal(5), items=[])
    rules.save_revision().publish()
    page = signed_in_page(chromium, live_server, hr, DESKTOP)
    page.goto(f"{live_server.url}{reverse('wagtailsnippets_evaluation_ruleset:edit', args=[rules.pk])}")
    page.locator("#id_total_cap").fill("2")
    page.locator("button.c-sf-add-button").first.click()
    page.locator("[name='items-0-value-name']").fill("이러닝 이수 비율")
    page.locator("[name='items-0-value-metric']").select_option("completion_share")
    page.locator("[name='items-0-value-counted_kinds']").first.check()
    page.locator("[name='items-0-value-cap']").fill("3")
    page.locator("footer button[type=submit]").first.click()
    # Each mistake said in Korean where it was made: first the empty band the editor offers …
    page.get_by_text("구간의 '이상' 값과 점수를 입력하세요.").wait_for()
    check_page(page)
    page.locator("[name='items-0-value-bands-0-value-lower']").fill("50")
    page.locator("[name='items-0-value-bands-0-value-points']").fill("1")
    page.locator("footer button[type=submit]").first.click()
    # … then the total cap below the item's.
    page.get_by_text("가점 합계 상한(2점)이 항목 «이러닝 이수 비율»의 상한(3점)보다 낮습니다.").wait_for()
    check_page(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_manager_reads_their_subtree_of_a_frozen_result(chromium, live_server, transactional_db, organisation, viewport):
    from lms.evaluation.services import freeze_result
    from tests.evaluation.test_freeze import published

    frozen = freeze_result(rule_set=published(), reference_date=date(2026, 12, 1), user=make_staff("2019001", "박인사"))
    manager = make_staff("2019002", "최담당")
    manager.groups.add(Group.objects.get(name=roles.DEPARTMENT_MANAGER))
    StaffProfile.objects.create(user=manager, department=organisation["team"], managed_department=organisation["bureau"])
    page = signed_in_page(chromium, live_server, manager, viewport)
    page.goto(f"{live_server.url}{reverse('evaluation_frozen_results')}")
    page.get_by_role("heading", name="확정된 평가 결과").wait_for()
    check_page(page)
    page.get_by_role("link", name="2026년").click()
    page.get_by_role("heading", name="확정된 평가 결과").wait_for()
    names = page.locator("table.listing").last.locator("tbody th").all_inner_texts()
    assert [name.strip() for name in names] == ["시민소통실", "민원실", "소통팀"]
    check_page(page)
    # The workbook goes out through HR's audited export: a purpose, then HR's status page with the download.
    page.get_by_label("사용 목적").fill("2026년 민원서비스 평가 제출")
    page.get_by_role("button", name="엑셀로 내보내기(근거 포함, 개인정보 내보내기 기록에 남습니다)").click()
    page.get_by_text("확정된 평가 결과 · Excel(XLSX)").wait_for()
    check_page(page)
    assert page.goto(
        f"{live_server.url}{reverse('evaluation_frozen_result', args=[frozen.pk])}?department={organisation['water'].pk}"
    ).status == 404
