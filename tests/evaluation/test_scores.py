"""Points per department under a rule set, and what-if of a draft against the published version."""

from decimal import Decimal

import pytest

from lms.evaluation.blocks import RuleItemBlock
from lms.evaluation.models import RuleSet
from lms.evaluation.selectors import department_scores, what_if
from tests.evaluation.conftest import EPISODE, REFERENCE_DATE, TEST_KIND, YEAR, completion

pytestmark = pytest.mark.django_db


def band(lower, upper, points):
    return {"lower": Decimal(lower), "upper": None if upper is None else Decimal(upper), "points": Decimal(points)}


def share_item(bands):
    return {
        "name": "이러닝 이수 비율", "metric": "completion_share", "counted_kinds": [TEST_KIND.key],
        "minimum_completions": 1, "scoring": "bands", "bands": bands, "points_per_unit": None, "cap": Decimal(2),
    }


EPISODE_ITEM = {
    "name": "U-지식여행 이수인원", "metric": "completers", "counted_kinds": [EPISODE], "minimum_completions": 1,
    "scoring": "per_unit", "bands": [], "points_per_unit": Decimal("0.5"), "cap": Decimal(1),
}


def stream(*items):
    return [("item", RuleItemBlock().to_python(item)) for item in items]


@pytest.fixture
def published_rules():
    rules = RuleSet(
        evaluation_year=YEAR, total_cap=Decimal(3),
        items=stream(share_item([band(70, None, 2), band(50, 70, 1)]), EPISODE_ITEM),
    )
    rules.full_clean()
    rules.save()
    rules.save_revision().publish()
    rules.refresh_from_db()
    return rules


def totals(scores):
    return {entry.rate.code: entry.total for entry in scores}


def test_points_per_department_follow_the_rules(organisation, published_rules):
    scores = department_scores(rule_set=published_rules, reference_date=REFERENCE_DATE)
    # 민원실 100 % → 2; 소통팀 66.7 % → 1; 시민소통실 75 % → 2; 수도사업소 0 % but p8's episode → 0.5;
    # 요금과 nothing; 서울특별시 50 % → 1, one episode completer → 0.5.
    assert totals(scores) == {
        "SEOUL": Decimal("1.50"), "CIVIC": Decimal("2.00"), "CIVIC-DESK": Decimal("2.00"),
        "CIVIC-TEAM": Decimal("1.00"), "WATER": Decimal("0.50"), "WATER-BILL": Decimal("0.00"),
    }
    team = next(entry for entry in scores if entry.rate.code == "CIVIC-TEAM")
    assert [(item.name, item.metric_value, item.points) for item in team.items] == [
        ("이러닝 이수 비율", Decimal("66.7"), Decimal("1.00")),
        ("U-지식여행 이수인원", Decimal(0), Decimal("0.00")),
    ]


def test_what_if_shows_who_gains_under_a_draft(organisation, published_rules):
    published_rules.items = stream(share_item([band(60, None, 2), band(40, 60, 1)]), EPISODE_ITEM)
    published_rules.save_revision()  # a draft: the published version stays in force
    published_rules.refresh_from_db()
    changes = {change.department.code: change for change in what_if(rule_set=published_rules, reference_date=REFERENCE_DATE)}
    assert changes["CIVIC-TEAM"].current == Decimal("1.00") and changes["CIVIC-TEAM"].draft == Decimal("2.00")
    assert changes["CIVIC-TEAM"].difference == Decimal("1.00")
    assert {code for code, change in changes.items() if change.difference} == {"CIVIC-TEAM"}
    # The published points have not moved.
    assert totals(department_scores(rule_set=RuleSet.objects.get(pk=published_rules.pk), reference_date=REFERENCE_DATE))["CIVIC-TEAM"] == Decimal("1.00")


def test_sessions_held_count_distinct_items_once_up_the_tree(organisation):
    completion(organisation["p7"], REFERENCE_DATE.replace(month=3), organisation["team"], key="2")
    rules = RuleSet(
        evaluation_year=YEAR, total_cap=Decimal(3),
        items=stream({
            "name": "자체 및 외부강사 초빙교육 실적", "metric": "sessions_held", "counted_kinds": [TEST_KIND.key],
            "minimum_completions": 1, "scoring": "per_unit", "bands": [], "points_per_unit": Decimal(1), "cap": Decimal(3),
        }),
    )
    rules.full_clean()
    # 민원실: item 1 (p1, p2); 소통팀: items 1 and 2 (p7); 시민소통실: {1, 2}; 요금과: item 1 (p4, who later left).
    assert totals(department_scores(rule_set=rules, reference_date=REFERENCE_DATE)) == {
        "SEOUL": Decimal("2.00"), "CIVIC": Decimal("2.00"), "CIVIC-DESK": Decimal("1.00"),
        "CIVIC-TEAM": Decimal("2.00"), "WATER": Decimal("1.00"), "WATER-BILL": Decimal("1.00"),
    }


def test_a_draft_never_published_is_compared_with_nothing(organisation):
    rules = RuleSet(evaluation_year=YEAR, total_cap=Decimal(3), items=stream(EPISODE_ITEM), live=False)
    rules.save()
    rules.save_revision()
    changes = {change.department.code: change for change in what_if(rule_set=rules, reference_date=REFERENCE_DATE)}
    assert changes["WATER"].current == 0 and changes["WATER"].draft == Decimal("0.50")


def test_items_counting_the_same_thing_share_one_aggregate(organisation, published_rules, django_assert_num_queries):
    """Two items over the same kinds and minimum read one table; a third, with another kind, its own."""
    twin = {**EPISODE_ITEM, "name": "U-지식여행 이수인원(같은 집계)"}
    published_rules.items = stream(share_item([band(70, None, 2)]), EPISODE_ITEM, twin)
    # The departments, then one aggregate per distinct table (the categories are read only for items narrowed by one).
    with django_assert_num_queries(3):
        scores = department_scores(rule_set=published_rules, reference_date=REFERENCE_DATE)
    seoul = next(entry for entry in scores if entry.rate.code == "SEOUL")
    assert [item.metric_value for item in seoul.items[1:]] == [1, 1]
