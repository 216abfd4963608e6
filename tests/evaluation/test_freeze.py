"""확정: a frozen result equals what-if on the same data, recomputes exactly from its snapshot, and never
moves when records arrive late, people transfer or the rules are edited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lms.evaluation.models import FrozenResult, RuleSet
from lms.evaluation.selectors import department_scores, differences_today
from lms.evaluation.services import freeze_result, results_from_snapshot
from lms.evaluation.snapshots import digest
from tests.evaluation.conftest import REFERENCE_DATE, YEAR, completion
from tests.evaluation.test_scores import EPISODE_ITEM, band, share_item, stream
from tests.factories import make_membership, make_staff

pytestmark = pytest.mark.django_db

SESSIONS_ITEM = {
    "name": "교육 실적", "metric": "sessions_held", "counted_kinds": [EPISODE_ITEM["counted_kinds"][0]],
    "minimum_completions": 1, "scoring": "per_unit", "bands": [], "points_per_unit": Decimal(1), "cap": Decimal(2),
}


def published(attribution="reference_date"):
    rules = RuleSet(
        evaluation_year=YEAR, total_cap=Decimal(4), attribution=attribution,
        items=stream(share_item([band(70, None, 2), band(50, 70, 1)]), EPISODE_ITEM, SESSIONS_ITEM),
    )
    rules.full_clean()
    rules.save()
    rules.save_revision().publish()
    rules.refresh_from_db()
    return rules


@pytest.fixture
def hr():
    return make_staff("2019001", "박인사")


def totals_of(results):
    return {row["code"]: Decimal(row["total"]) for row in results}


@pytest.mark.parametrize("attribution", ["reference_date", "at_completion"])
def test_the_frozen_result_equals_what_if_on_the_same_data(organisation, hr, attribution):
    rules = published(attribution)
    frozen = freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=hr)
    live = department_scores(rule_set=rules, reference_date=REFERENCE_DATE, attribution=attribution)
    assert totals_of(frozen.results) == {entry.rate.code: entry.total for entry in live}
    assert [[item["points"] for item in row["items"]] for row in frozen.results] == [
        [str(item.points) for item in entry.items] for entry in live
    ]
    assert frozen.revision_id == rules.live_revision_id and frozen.attribution == attribution


def test_recomputing_from_the_snapshot_reproduces_it_exactly(organisation, hr):
    frozen = freeze_result(rule_set=published(), reference_date=REFERENCE_DATE, user=hr)
    frozen = FrozenResult.objects.get(pk=frozen.pk)  # as stored
    assert results_from_snapshot(frozen.snapshot) == frozen.results
    assert digest({"snapshot": frozen.snapshot, "results": frozen.results}) == frozen.digest
    # The evidence names the records that counted.
    assert {record[0] for record in frozen.snapshot["records"]} >= {organisation["p8"].completion_records.get().pk}
    assert len(frozen.snapshot["members"]) == 6


def test_later_changes_never_move_a_frozen_result(organisation, hr):
    rules = published()
    frozen = freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=hr)
    before = (list(frozen.results), frozen.digest)
    # A late record (p3 completes the course), a transfer back-dated before the 기준일, a new rule version.
    completion(organisation["p3"], date(2026, 11, 20), organisation["team"])
    newcomer = make_staff("2026099", "p9")
    make_membership(newcomer, organisation["desk"], valid_from=date(2026, 6, 1))
    rules.items = stream(share_item([band(10, None, 2)]), EPISODE_ITEM)
    rules.save_revision().publish()
    frozen = FrozenResult.objects.get(pk=frozen.pk)
    assert (frozen.results, frozen.digest) == before
    assert results_from_snapshot(frozen.snapshot) == frozen.results
    # What would differ if it were computed again today (with the frozen rule version):
    changed = {difference.code: (difference.frozen, difference.today) for difference in differences_today(frozen)}
    # 소통팀 3/3 → 100 % (2 points, was 1); 민원실 gains p9 who has not completed: 1/2 → 50 % → 1 (was 2);
    # neither has episodes or sessions.
    assert changed["CIVIC-TEAM"] == (Decimal("1.00"), Decimal("2.00"))
    assert changed["CIVIC-DESK"] == (Decimal("2.00"), Decimal("1.00"))


def test_a_frozen_result_cannot_be_edited_or_deleted(organisation, hr):
    frozen = freeze_result(rule_set=published(), reference_date=REFERENCE_DATE, user=hr)
    frozen.results = []
    with pytest.raises(ValidationError):
        frozen.save()
    with pytest.raises(ValidationError):
        frozen.delete()
    assert FrozenResult.objects.get(pk=frozen.pk).results


def test_only_published_rules_are_frozen_and_only_once_a_year(organisation, hr):
    draft = RuleSet(evaluation_year=YEAR, total_cap=Decimal(4), items=stream(EPISODE_ITEM), live=False)
    draft.save()
    draft.save_revision()
    with pytest.raises(ValidationError, match="게시된 가점 기준만"):
        freeze_result(rule_set=draft, reference_date=REFERENCE_DATE, user=hr)
    draft.delete()
    rules = published()
    freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=hr)
    with pytest.raises(ValidationError, match="이미 확정"):
        freeze_result(rule_set=rules, reference_date=REFERENCE_DATE, user=hr)
