"""Completion rates on a hand-built organisation, against numbers worked out by hand (in the comments)."""

from datetime import date
from decimal import Decimal

import pytest

from lms.evaluation.selectors import department_rates
from tests.evaluation.conftest import EPISODE, REFERENCE_DATE, TEST_KIND, YEAR, completion, department

pytestmark = pytest.mark.django_db

def counts(table, department):
    rate = table.for_department(department.pk)
    return (rate.own.staff, rate.own.completed), (rate.total.staff, rate.total.completed, rate.total.rate)


def test_rates_by_the_department_on_the_reference_date(organisation):
    o = organisation
    table = department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[TEST_KIND.key])
    assert counts(table, o["desk"]) == ((1, 1), (1, 1, Decimal("100.0")))  # p1
    assert counts(table, o["team"]) == ((3, 2), (3, 2, Decimal("66.7")))  # p2 ✓, p3 ✗, p7 ✓
    assert counts(table, o["bureau"]) == ((0, 0), (4, 3, Decimal("75.0")))
    assert counts(table, o["billing"]) == ((1, 0), (1, 0, Decimal("0.0")))  # p5 only
    assert counts(table, o["water"]) == ((1, 0), (2, 0, Decimal("0.0")))  # p8's episode is not counted
    assert counts(table, o["seoul"]) == ((0, 0), (6, 3, Decimal("50.0")))
    assert (table.overall.staff, table.overall.completed) == (6, 3)
    assert {name: (c.staff, c.completed) for name, c in table.by_location.items()} == {"본청": (4, 3), "사업소": (2, 0)}
    assert {name: (c.staff, c.completed) for name, c in table.by_intensity.items()} == {
        "고강도 민원접점": (3, 1),  # 민원실 p1 ✓; 수도사업소 p8, 요금과 p5 (inherits the 사업소's flag)
        "일반": (3, 2),
    }


def test_rates_by_the_department_a_completion_was_earned_in(organisation):
    o = organisation
    table = department_rates(
        year=YEAR, reference_date=REFERENCE_DATE, kinds=[TEST_KIND.key], attribution="at_completion"
    )
    assert counts(table, o["desk"]) == ((2, 2), (2, 2, Decimal("100.0")))  # p1, and p2 who completed here
    assert counts(table, o["team"]) == ((2, 1), (2, 1, Decimal("50.0")))  # p3 ✗, p7 ✓
    assert counts(table, o["bureau"]) == ((0, 0), (4, 3, Decimal("75.0")))  # each person still once
    assert (table.overall.staff, table.overall.completed) == (6, 3)
    assert table.by_intensity["고강도 민원접점"].staff == 4


def test_a_leaver_before_the_reference_date_is_counted_on_an_earlier_one(organisation):
    o = organisation
    table = department_rates(year=YEAR, reference_date=date(2026, 6, 30), kinds=[TEST_KIND.key])
    # p4 is still in 요금과 and has completed; p5 not hired yet; p2 still in 민원실.
    assert counts(table, o["billing"]) == ((1, 1), (1, 1, Decimal("100.0")))
    assert counts(table, o["desk"]) == ((2, 2), (2, 2, Decimal("100.0")))
    assert counts(table, o["team"]) == ((2, 1), (2, 1, Decimal("50.0")))


def test_a_series_counts_people_with_at_least_n_episodes(organisation):
    o = organisation
    for day in (date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)):
        completion(o["p3"], day, o["team"], kind=EPISODE, key=str(day.month))
    completion(o["p7"], date(2026, 1, 9), o["team"], kind=EPISODE, key="1")
    completion(o["p7"], date(2025, 2, 9), o["team"], kind=EPISODE, key="2")  # last year's does not help
    table = department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[EPISODE], minimum_completions=2)
    assert counts(table, o["team"]) == ((3, 1), (3, 1, Decimal("33.3")))  # p3 with 3 episodes only
    assert table.overall.completed == 1


def test_last_years_rates_use_last_years_completions(organisation):
    o = organisation
    table = department_rates(year=2025, reference_date=date(2025, 12, 31), kinds=[TEST_KIND.key])
    # On 2025-12-31: 민원실 p1 ✓ p2 ✗; 소통팀 p3 ✓ p7 ✗; 요금과 p4 ✗; 수도사업소 p8 ✗.
    assert counts(table, o["desk"]) == ((2, 1), (2, 1, Decimal("50.0")))
    assert counts(table, o["team"]) == ((2, 1), (2, 1, Decimal("50.0")))
    assert counts(table, o["seoul"]) == ((0, 0), (6, 2, Decimal("33.3")))


def test_an_empty_department_has_no_rate(organisation):
    empty = department("CIVIC-NEW", "신설팀", "부서", organisation["bureau"])
    table = department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[TEST_KIND.key])
    assert table.for_department(empty.pk).total.rate is None


def test_the_query_count_does_not_grow_with_the_departments(organisation, django_assert_num_queries):
    with django_assert_num_queries(2):
        department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[TEST_KIND.key])
    for number in range(30):
        department(f"EXTRA-{number}", f"추가과{number}", "부서", organisation["water"])
    with django_assert_num_queries(2):
        department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=[TEST_KIND.key])
