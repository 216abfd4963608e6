"""Bonus-point rules: every mistake an editor can make is refused in Korean; points as the rules say."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from lms.evaluation.blocks import Metric, RuleItemBlock, Scoring
from lms.evaluation.models import RuleSet
from lms.evaluation.rules import item_points, score
from lms.evaluation.services import copy_rule_set
from tests.evaluation.conftest import TEST_KIND

pytestmark = pytest.mark.django_db


def band(lower, upper, points):
    return {"lower": lower, "upper": upper, "points": points}


def item(**overrides):
    value = {
        "name": "이러닝 및 U-지식여행 이수 비율",
        "metric": Metric.COMPLETION_SHARE,
        "counted_kinds": [TEST_KIND.key],
        "minimum_completions": 1,
        "scoring": Scoring.BANDS,
        "bands": [band(90, None, 3), band(70, 90, 2), band(50, 70, 1)],
        "points_per_unit": None,
        "cap": 3,
    }
    value.update(overrides)
    return value


def cleaned(value):
    block = RuleItemBlock()
    return block.clean(block.to_python(value))


def messages_of(error):
    """Every message in a (nested) block validation error, flattened."""
    found = []
    if isinstance(error, StructBlockValidationError):
        found += [str(e.message) for e in error.non_block_errors.as_data()]
        for child in error.block_errors.values():
            found += messages_of(child)
    elif isinstance(error, ListBlockValidationError):
        found += [str(e.message) for e in error.non_block_errors.as_data()]
        for child in error.block_errors.values():
            found += messages_of(child)
    else:
        found += [str(message) for message in error.messages]
    return found


def refused(value):
    with pytest.raises(ValidationError) as caught:
        cleaned(value)
    return " ".join(messages_of(caught.value))


def test_a_well_formed_item_is_accepted():
    assert cleaned(item())["cap"] == Decimal(3)


def test_overlapping_bands_are_refused():
    assert "겹칩니다" in refused(item(bands=[band(90, None, 3), band(70, 95, 2)]))


def test_bands_leaving_a_gap_are_refused():
    message = refused(item(bands=[band(90, None, 3), band(50, 80, 1)]))
    assert "80~90 사이가 어느 구간에도 속하지 않습니다" in message


def test_a_top_band_with_an_upper_bound_leaves_a_gap_above_it():
    assert "가장 높은 구간" in refused(item(bands=[band(90, 100, 3), band(70, 90, 2)]))


def test_a_band_whose_upper_is_not_above_its_lower_is_refused():
    assert "'미만' 값은 '이상' 값보다 커야 합니다" in refused(item(bands=[band(90, None, 3), band(70, 70, 2)]))


def test_a_cap_below_a_bands_points_is_refused():
    assert "항목 상한(2점)보다 큽니다" in refused(item(cap=2))


def test_a_ratio_outside_0_to_100_percent_is_refused():
    assert "0~100%" in refused(item(bands=[band(120, None, 3), band(70, 120, 2)]))
    # The same numbers are fine for a count of people.
    assert cleaned(item(metric=Metric.COMPLETERS, bands=[band(120, None, 3), band(70, 120, 2)]))


def test_a_negative_ratio_is_refused():
    assert refused(item(bands=[band(-5, None, 1)]))


def test_an_item_counting_nothing_is_refused():
    assert "집계할 학습을 하나 이상" in refused(item(counted_kinds=[]))


def test_an_unknown_kind_is_refused():
    assert refused(item(counted_kinds=["no_such_kind"]))


def test_band_scoring_needs_bands_and_per_unit_scoring_needs_its_points():
    assert "구간이 하나 이상" in refused(item(bands=[]))
    assert "단위당 점수" in refused(item(scoring=Scoring.PER_UNIT, bands=[], points_per_unit=None))


def test_an_unfinished_band_or_a_missing_cap_is_refused_even_in_a_draft():
    # Wagtail defers "required" when a draft is saved (tests/e2e/test_evaluation.py sees the message
    # there); what-if computes with drafts, so these are refused on every save.
    assert refused(item(bands=[band(None, None, None)]))
    assert refused(item(cap=None))


def test_points_falling_as_the_metric_rises_are_refused():
    assert "점수를 확인하세요" in refused(item(bands=[band(90, None, 1), band(70, 90, 2)]))


def rule_set(*items, total_cap=5, year=2026):
    return RuleSet(
        evaluation_year=year, total_cap=Decimal(total_cap), items=[("item", RuleItemBlock().to_python(value)) for value in items]
    )


def test_a_total_cap_below_an_items_cap_is_refused():
    with pytest.raises(ValidationError) as caught:
        rule_set(item(cap=3), total_cap=2).full_clean()
    assert "가점 합계 상한(2점)이 항목 «이러닝 및 U-지식여행 이수 비율»의 상한(3점)보다 낮습니다." in caught.value.message_dict["total_cap"]


def test_two_items_of_the_same_name_are_refused():
    with pytest.raises(ValidationError) as caught:
        rule_set(item(), item()).full_clean()
    assert "항목명이 겹칩니다" in caught.value.message_dict["items"][0]


def test_band_points_follow_the_bands_and_the_cap():
    value = cleaned(item())
    assert item_points(value, Decimal("95")) == Decimal("3.00")
    assert item_points(value, Decimal("100")) == Decimal("3.00")
    assert item_points(value, Decimal("90")) == Decimal("3.00")  # "이상" includes the bound
    assert item_points(value, Decimal("89.99")) == Decimal("2.00")  # "미만" excludes it
    assert item_points(value, Decimal("50")) == Decimal("1.00")
    assert item_points(value, Decimal("49.9")) == Decimal("0.00")


def test_per_unit_points_stop_at_the_cap():
    value = cleaned(
        item(name="힐링프로그램 이수인원", metric=Metric.COMPLETERS, scoring=Scoring.PER_UNIT, bands=[],
             points_per_unit=Decimal("0.1"), cap=2)
    )
    assert item_points(value, 7) == Decimal("0.70")
    assert item_points(value, 25) == Decimal("2.00")


def test_the_total_is_capped_and_missing_metrics_score_nothing():
    rules = rule_set(
        item(),
        item(name="힐링프로그램 이수인원", metric=Metric.COMPLETERS, scoring=Scoring.PER_UNIT, bands=[],
             points_per_unit=Decimal("1"), cap=3),
        item(name="캠페인 참여", metric=Metric.CAMPAIGN_PARTICIPATION, bands=[band(10, None, 1)], cap=1),
        total_cap=5,
    )
    rules.full_clean()
    result = score(rules, {"이러닝 및 U-지식여행 이수 비율": Decimal("92"), "힐링프로그램 이수인원": 4})
    assert [entry.points for entry in result.items] == [Decimal("3.00"), Decimal("3.00"), Decimal("0.00")]
    assert result.subtotal == Decimal("6.00")
    assert result.total == Decimal("5")


def test_copying_last_years_rules_starts_a_draft_for_the_new_year():
    last_year = rule_set(item(), year=2025)
    last_year.full_clean()
    last_year.save()
    copy = copy_rule_set(source=last_year, evaluation_year=2026)
    assert copy.evaluation_year == 2026 and not copy.live and copy.latest_revision is not None
    assert [block.value["name"] for block in copy.items] == ["이러닝 및 U-지식여행 이수 비율"]
    assert copy.items[0].value["bands"][0]["points"] == Decimal(3)
    with pytest.raises(ValidationError):
        copy_rule_set(source=last_year, evaluation_year=2026)
    last_year.refresh_from_db()
    assert last_year.evaluation_year == 2025
