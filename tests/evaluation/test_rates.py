"""Completion rates on a hand-built organisation, against numbers worked out by hand (in the comments)."""

from datetime import date
from decimal import Decimal

import pytest

from lms.evaluation.selectors import department_rates
from lms.people.models import Department
from lms.records.models import CompletionRecord, CompletionSource
from tests.evaluation.conftest import TEST_KIND
from tests.factories import make_membership, make_staff

pytestmark = pytest.mark.django_db

YEAR, REFERENCE_DATE = 2026, date(2026, 12, 1)
EPISODE = "evaluation_test_episode"


def department(code, name, kind, parent=None, *, high_intensity=False):
    values = {"code": code, "name": name, "kind": kind, "high_intensity": high_intensity}
    return parent.add_child(**values) if parent else Department.add_root(**values)


def completion(person, on, where, *, kind=TEST_KIND.key, key="1"):
    return CompletionRecord.objects.create(
        user=person, item_kind=kind, item_key=key, item_title="민원응대 기본", completed_on=on,
        evaluation_year=on.year, hours=Decimal(2), department=where, source=CompletionSource.ONLINE,
    )


@pytest.fixture
def organisation():
    """서울시 › 시민소통실(본청: 민원실 고강도, 소통팀) and 수도사업소(사업소, 고강도) › 요금과.

    On the 기준일 2026-12-01:
      민원실  p1 (completed this year, and last year too: a re-completion), p2 moved out on 07-01
      소통팀  p2 (in since 07-01; completed on 03-10 while in 민원실), p3 (completed last year only),
              p7 (completed this year)
      수도사업소 p8 (completed only something not counted)
      요금과  p5 (hired 11-15), not p4 (left 09-01 after completing), not p6 (hired after the 기준일)
    """
    seoul = department("SEOUL", "서울특별시", "기관")
    bureau = department("CIVIC", "시민소통실", "실국", seoul)
    desk = department("CIVIC-DESK", "민원실", "부서", bureau, high_intensity=True)
    team = department("CIVIC-TEAM", "소통팀", "부서", bureau)
    water = department("WATER", "수도사업소", "사업소", seoul, high_intensity=True)
    billing = department("WATER-BILL", "요금과", "부서", water)
    people = {name: make_staff(f"20260{number:02d}", name) for number, name in enumerate(
        ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"], start=1)}
    p = people
    make_membership(p["p1"], desk, valid_from=date(2019, 3, 1))
    make_membership(p["p2"], desk, valid_from=date(2020, 1, 1), valid_until=date(2026, 7, 1))
    make_membership(p["p2"], team, valid_from=date(2026, 7, 1))
    make_membership(p["p3"], team, valid_from=date(2015, 1, 1))
    make_membership(p["p4"], billing, valid_from=date(2018, 1, 1), valid_until=date(2026, 9, 1))
    make_membership(p["p5"], billing, valid_from=date(2026, 11, 15))
    make_membership(p["p6"], billing, valid_from=date(2026, 12, 10))
    make_membership(p["p7"], team, valid_from=date(2021, 5, 1))
    make_membership(p["p8"], water, valid_from=date(2017, 5, 1))
    completion(p["p1"], date(2025, 6, 1), desk)
    completion(p["p1"], date(2026, 4, 2), desk)
    completion(p["p2"], date(2026, 3, 10), desk)
    completion(p["p3"], date(2025, 10, 1), team)
    completion(p["p4"], date(2026, 5, 20), billing)
    completion(p["p7"], date(2026, 2, 14), team)
    completion(p["p8"], date(2026, 8, 8), water, kind=EPISODE)
    return {"seoul": seoul, "bureau": bureau, "desk": desk, "team": team, "water": water, "billing": billing, **people}


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
