"""What a frozen result keeps: the roster on the 기준일, the completion records each rule item counted,
the departments and the rules, as plain JSON; and the same computation over that JSON.

`SnapshotFacts` answers what `selectors.DatabaseFacts` answers, from the snapshot alone, so recomputing a
frozen result needs nothing from the live tables (which keep changing: late records, transfers)."""

import hashlib
import json
from datetime import date
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder

from lms.people.selectors import departments_in_tree_order, memberships_on
from lms.records.selectors import completion_records

from .selectors import MemoisedFacts, _check_attribution, attributed_counts, live_category_kinds, rolled_up


def take_snapshot(*, rule_set, reference_date, attribution):
    _check_attribution(attribution)
    kinds = sorted({kind for block in rule_set.items for kind in block.value["counted_kinds"]})
    categories = {category for block in rule_set.items for category in block.value["counted_categories"] or ()}
    records = (
        completion_records(year=rule_set.evaluation_year, kinds=kinds)
        .order_by("pk")
        .values_list("pk", "user_id", "department_id", "item_kind", "item_key", "completed_on", "category")
    )
    return {
        "year": rule_set.evaluation_year,
        "reference_date": reference_date.isoformat(),
        "attribution": attribution,
        "rules": {
            "total_cap": str(rule_set.total_cap),
            # As the StreamField stores it (decimals as strings), so the JSON reads back the same.
            "items": json.loads(json.dumps(rule_set.items.get_prep_value(), cls=DjangoJSONEncoder)),
            "institution_score": json.loads(json.dumps(rule_set.institution_score.get_prep_value(), cls=DjangoJSONEncoder)),
            # Which kind each category narrows, as the apps described it on the day.
            "category_kinds": {
                category: kind for category, kind in live_category_kinds().items() if category in categories
            },
        },
        "departments": [
            {
                "pk": department.pk, "code": department.code, "name": department.name, "path": department.path,
                "depth": department.depth, "kind": department.kind, "high_intensity": department.high_intensity,
            }
            for department in departments_in_tree_order()
        ],
        "members": [list(row) for row in memberships_on(on=reference_date).order_by("user_id").values_list("user_id", "department_id")],
        "records": [
            [pk, user, department, kind, key, day.isoformat(), category]
            for pk, user, department, kind, key, day, category in records
        ],
    }


def digest(value):
    """SHA-256 of the canonical JSON of `value`: the same content always gives the same digest."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class SnapshotFacts(MemoisedFacts):
    def __init__(self, snapshot):
        self.snapshot = snapshot
        self._memo = {}
        self.year = snapshot["year"]
        self.reference_date = date.fromisoformat(snapshot["reference_date"])

    def departments(self):
        return [SimpleNamespace(**department) for department in self.snapshot["departments"]]

    def category_kinds(self):
        # Snapshots taken before rule items had categories have none.
        return self.snapshot["rules"].get("category_kinds", {})

    def _records(self, counted):
        """(pk, user, department, kind, key, day) of the records `counted` names; a record of an older
        snapshot has no category column (its rules had no categories either)."""
        return [
            record[:6] for record in self.snapshot["records"]
            if counted.counts(record[3], record[6] if len(record) > 6 else "")
        ]

    def compute_rates(self, *, counted, minimum_completions, attribution):
        _check_attribution(attribution)
        latest, by_user = {}, {}
        for pk, user, department, _kind, _key, day in self._records(counted):
            count = by_user.get(user, (0, None))[0] + 1
            if user not in latest or (day, pk) > latest[user]:
                latest[user] = (day, pk)
                by_user[user] = (count, department)
            else:
                by_user[user] = (count, by_user[user][1])
        direct = attributed_counts(self.snapshot["members"], by_user, minimum_completions, attribution)
        return rolled_up(self.year, self.reference_date, attribution, direct, self.departments())

    def compute_items_held(self, *, counted):
        return {(department, kind, key) for _pk, _user, department, kind, key, _day in self._records(counted)}
