"""A rule item (and the dashboard) can count some categories of a kind only, e.g. the offline sessions of
the 감정노동 힐링 프로그램: live, in what-if, frozen, and recomputed from old snapshots without categories."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.evaluation.models import FrozenResult, RuleSet
from lms.evaluation.selectors import department_rates, department_scores
from lms.evaluation.services import freeze_result, results_from_snapshot
from tests.evaluation.conftest import EPISODE, HEALING, KINDNESS, REFERENCE_DATE, TEST_KIND, YEAR, completion
from tests.evaluation.test_dashboard import hr_client  # noqa: F401 (a fixture)
from tests.evaluation.test_rules import cleaned, item, refused
from tests.evaluation.test_scores import stream
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

HEALING_ITEM = {
    "name": "힐링프로그램 이수인원", "metric": "participants", "counted_kinds": [EPISODE],
    "counted_categories": [HEALING], "minimum_completions": 1, "scoring": "per_unit", "bands": [],
    "points_per_unit": Decimal(1), "cap": Decimal(5),
}


@pytest.fixture
def programmes(organisation):
    """On top of the organisation: 민원실 p1 healing, 소통팀 p3 and p7 kindness, 요금과 p5 healing; p8's
    episode (수도사업소) has no category."""
    o = organisation
    completion(o["p1"], date(2026, 5, 1), o["desk"], kind=EPISODE, key="h1", category=HEALING)
    completion(o["p3"], date(2026, 5, 2), o["team"], kind=EPISODE, key="k1", category=KINDNESS)
    completion(o["p7"], date(2026, 5, 3), o["team"], kind=EPISODE, key="k1", category=KINDNESS)
    completion(o["p5"], date(2026, 11, 20), o["billing"], kind=EPISODE, key="h2", category=HEALING)
    return o


def completed(table):
    return {rate.code: rate.total.completed for rate in table.departments}


def test_categories_narrow_their_kind_and_leave_the_others_whole(programmes):
    healing = department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[EPISODE], categories={EPISODE: [HEALING]})
    assert completed(healing) == {"SEOUL": 2, "CIVIC": 1, "CIVIC-DESK": 1, "CIVIC-TEAM": 0, "WATER": 1, "WATER-BILL": 1}
    every_episode = department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[EPISODE])
    assert completed(every_episode)["SEOUL"] == 5
    # The course is not narrowed: p1, p2 and p7 (this year) count with it, plus p5's healing session.
    mixed = department_rates(
        year=YEAR, reference_date=REFERENCE_DATE, kinds=[TEST_KIND.key, EPISODE], categories={EPISODE: [HEALING]}
    )
    assert completed(mixed) == {"SEOUL": 4, "CIVIC": 3, "CIVIC-DESK": 1, "CIVIC-TEAM": 2, "WATER": 1, "WATER-BILL": 1}


def rules_with(*items):
    rules = RuleSet(evaluation_year=YEAR, total_cap=Decimal(9), items=stream(*items))
    rules.full_clean()
    rules.save()
    rules.save_revision().publish()
    rules.refresh_from_db()
    return rules


def test_a_rule_item_counts_only_its_categories_live_and_frozen(programmes):
    rules = rules_with(HEALING_ITEM)
    live = {entry.rate.code: entry.total for entry in department_scores(rule_set=rules, reference_date=REFERENCE_DATE)}
    assert live == {"SEOUL": 2, "CIVIC": 1, "CIVIC-DESK": 1, "CIVIC-TEAM": 0, "WATER": 1, "WATER-BILL": 1}
    frozen = freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=make_staff("2019001", "박인사"))
    frozen = FrozenResult.objects.get(pk=frozen.pk)
    assert {row["code"]: Decimal(row["total"]) for row in frozen.results} == live
    assert frozen.snapshot["rules"]["category_kinds"] == {HEALING: EPISODE}
    assert {record[6] for record in frozen.snapshot["records"] if record[3] == EPISODE} == {HEALING, KINDNESS, ""}
    # The snapshot alone recomputes it, even once the category is no longer described by any app.
    assert results_from_snapshot(frozen.snapshot) == frozen.results


def test_a_snapshot_taken_before_categories_still_reproduces(programmes):
    """Old snapshots: records of six columns, rules without counted_categories, category_kinds or the
    기관성과평가 mapping (and so results without it)."""
    episode_item = {key: value for key, value in HEALING_ITEM.items() if key != "counted_categories"}
    frozen = freeze_result(rule_set=rules_with(episode_item), reference_date=REFERENCE_DATE, user=make_staff("2019001", "박인사"))
    frozen = FrozenResult.objects.get(pk=frozen.pk)
    old = dict(frozen.snapshot, records=[record[:6] for record in frozen.snapshot["records"]])
    old["rules"] = {"total_cap": old["rules"]["total_cap"], "items": [
        {**block, "value": {key: value for key, value in block["value"].items() if key != "counted_categories"}}
        for block in old["rules"]["items"]
    ]}
    assert results_from_snapshot(old) == [
        {key: value for key, value in row.items() if key != "institution_score"} for row in frozen.results
    ]
    assert Decimal(frozen.results[0]["total"]) == 5  # every episode counted


def test_categories_are_validated_in_korean():
    assert "집계하지 않는 학습 종류의 분류입니다: 감정노동 힐링 프로그램(시험용 U-지식여행)" in refused(
        item(counted_categories=[HEALING])
    )
    assert cleaned(item(counted_kinds=[TEST_KIND.key, EPISODE], counted_categories=[HEALING]))
    unknown = refused(item(counted_kinds=[EPISODE], counted_categories=["programme_kind:999999"]))
    assert "programme_kind:999999" in unknown and re.search("[가-힣]", unknown)


def test_the_dashboard_offers_categories(programmes, hr_client):
    response = hr_client.get(reverse("evaluation_rates"), {
        "year": YEAR, "reference_date": REFERENCE_DATE.isoformat(), "counted": f"category:{HEALING}",
    })
    assert response.status_code == 200
    assert "감정노동 힐링 프로그램" in response.content.decode()
    assert {rate.code: rate.total.completed for rate in response.context["rates"]}["CIVIC-TEAM"] == 0
    assert response.context["summary"].completed == 2
