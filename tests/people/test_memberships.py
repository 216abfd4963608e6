"""The roster's history: dated memberships, their invariants and the selectors other apps use."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from lms.people.models import Membership
from lms.people.selectors import (
    members_on,
    memberships_overlapping,
    placement_on,
    placements_on,
)
from tests.factories import make_membership

from .conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(departments):
    return make_person("7001", departments["CSV-OPEN"], name="김전보")


def test_a_transfer_day_belongs_to_the_new_membership_only(person, departments):
    make_membership(person, departments["CSV-OPEN"], valid_from=date(2019, 3, 1), valid_until=date(2026, 7, 1))
    make_membership(person, departments["WTR-S-FEE"], valid_from=date(2026, 7, 1), rank="6급 주무관")

    assert placement_on(user=person, on=date(2019, 2, 28)) is None
    assert placement_on(user=person, on=date(2019, 3, 1)).department.code == "CSV-OPEN"
    assert placement_on(user=person, on=date(2026, 6, 30)).department.code == "CSV-OPEN"
    on_the_day = placement_on(user=person.pk, on=date(2026, 7, 1))
    assert (on_the_day.department.code, on_the_day.rank) == ("WTR-S-FEE", "6급 주무관")
    assert on_the_day.membership.valid_until is None


def test_placements_on_answers_many_people_in_one_query(departments, django_assert_num_queries):
    people = [make_person(f"71{index:02}", departments["HRD"]) for index in range(5)]
    for index, person in enumerate(people):
        make_membership(person, departments["HRD"], valid_from=date(2020, 1, 1 + index))
    absent = make_person("7199", departments["HRD"])  # a profile with no history

    with django_assert_num_queries(1):
        placements = placements_on(user_ids=[p.pk for p in people] + [absent.pk], on=date(2020, 1, 3))
        codes = {user_id: placement.department.code for user_id, placement in placements.items()}

    assert codes == {people[0].pk: "HRD", people[1].pk: "HRD", people[2].pk: "HRD"}


def test_members_on_counts_a_person_transferred_within_the_subtree_once(person, departments):
    water = departments["WTR-S"]
    make_membership(person, departments["WTR-S-FEE"], valid_from=date(2024, 1, 1), valid_until=date(2026, 3, 2))
    make_membership(person, departments["WTR-S-FIELD"], valid_from=date(2026, 3, 2))
    other = make_person("7002", departments["WTR-S-FEE"])
    make_membership(other, departments["WTR-S-FEE"], valid_from=date(2025, 1, 1), valid_until=date(2026, 3, 2))
    outside = make_person("7003", departments["HRD"])
    make_membership(outside, departments["HRD"], valid_from=date(2020, 1, 1))

    on_the_day = list(members_on(department=water, on=date(2026, 3, 2)))
    assert [(m.user.username, m.department.code) for m in on_the_day] == [("7001", "WTR-S-FIELD")]
    the_day_before = members_on(department=water, on=date(2026, 3, 1))
    assert sorted(m.user.username for m in the_day_before) == ["7001", "7002"]
    assert members_on(department=departments["WTR-S-FIELD"], on=date(2026, 3, 1)).count() == 0

    in_2026 = memberships_overlapping(department=water, start=date(2026, 1, 1), end=date(2027, 1, 1))
    assert in_2026.count() == 3
    assert in_2026.values("user").distinct().count() == 2
    assert not memberships_overlapping(department=water, start=date(2026, 3, 2), end=date(2026, 3, 3)).filter(
        user=other
    ).exists()


def test_one_open_membership_per_person(person, departments):
    make_membership(person, departments["HRD"], valid_from=date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(person, departments["GAD"], valid_from=date(2022, 1, 1))


def test_a_membership_lasts_at_least_a_day(person, departments):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(person, departments["HRD"], valid_from=date(2020, 1, 1), valid_until=date(2020, 1, 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_postgresql_refuses_overlapping_memberships_of_one_person(person, departments):
    make_membership(person, departments["HRD"], valid_from=date(2020, 1, 1), valid_until=date(2021, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(person, departments["GAD"], valid_from=date(2020, 6, 1), valid_until=date(2020, 7, 1))
    # Touching is not overlapping: the next one may start on the day the first ends.
    make_membership(person, departments["GAD"], valid_from=date(2021, 1, 1))
    assert Membership.objects.filter(user=person).count() == 2
