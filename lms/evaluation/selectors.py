"""Department completion rates as of a 기준일 (reference date), rolled up the department tree.

Who counts: everyone on the dated roster on the 기준일 (people.selectors.memberships_on), each person
once. Leavers gone before that day and hires arriving after it are outside the population. A person
"completed" an item when they have at least `minimum_completions` completion records of its kinds in the
evaluation year (records.selectors.completion_records).

Which department a person counts for (the attribution, a rule setting):
- "reference_date": the department they belonged to on the 기준일;
- "at_completion": for those who completed, the department they were in (당시소속) when they made their
  latest counted completion; for the others, the department on the 기준일. Each person still counts once,
  so no rate exceeds 100 %.

Everything is read in two queries whatever the size of the tree: the departments, and one aggregate
over the memberships on the day grouped by attributed department; the rollup happens in Python.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from lms.people.selectors import departments_in_tree_order, memberships_on
from lms.records.selectors import completion_records

ATTRIBUTIONS = {"reference_date": "기준일 소속", "at_completion": "이수 당시 소속"}
FIELD_OFFICE = "사업소"


@dataclass
class Counts:
    staff: int = 0
    completed: int = 0

    def add(self, other):
        self.staff += other.staff
        self.completed += other.completed

    @property
    def rate(self):
        """Percent with one decimal, or None for a department with nobody in it."""
        if not self.staff:
            return None
        return (Decimal(self.completed * 100) / self.staff).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class DepartmentRate:
    department_id: int
    code: str
    name: str
    path: str
    depth: int
    parent_id: int | None
    field_office: bool  # a 사업소 or part of one (otherwise 본청)
    high_intensity: bool  # a 고강도 민원접점 unit or part of one
    own: Counts = field(default_factory=Counts)  # people attributed to this department itself
    total: Counts = field(default_factory=Counts)  # this department and everything below it


@dataclass
class RateTable:
    year: int
    reference_date: object
    attribution: str
    departments: list  # DepartmentRate in tree order
    overall: Counts
    by_location: dict  # {"본청": Counts, "사업소": Counts}
    by_intensity: dict  # {"고강도 민원접점": Counts, "일반": Counts}

    def for_department(self, department_id):
        return next(rate for rate in self.departments if rate.department_id == department_id)


def department_rates(*, year, reference_date, kinds, minimum_completions=1, attribution="reference_date"):
    """The RateTable of completing `kinds` (registry keys) in `year`, as of `reference_date`."""
    if attribution not in ATTRIBUTIONS:
        raise ValueError(f"알 수 없는 소속 기준입니다: {attribution}")
    counted = completion_records(year=year, kinds=kinds).filter(user_id=OuterRef("user_id"))
    completers = (
        counted.order_by().values("user_id").annotate(count=Count("pk")).filter(count__gte=minimum_completions)
    )
    members = memberships_on(on=reference_date).annotate(completed=Exists(completers))
    if attribution == "at_completion":
        latest_department = counted.order_by("-completed_on", "-pk").values("department_id")[:1]
        members = members.annotate(
            attributed=Coalesce(Subquery(latest_department), "department_id", output_field=IntegerField())
        )
    else:
        members = members.annotate(attributed=F("department_id"))
    rows = members.order_by().values("attributed", "completed").annotate(people=Count("user_id"))
    direct = {}
    for row in rows:
        counts = direct.setdefault(row["attributed"], Counts())
        counts.staff += row["people"]
        counts.completed += row["people"] if row["completed"] else 0
    return _rolled_up(year, reference_date, attribution, direct)


def _rolled_up(year, reference_date, attribution, direct):
    rates, by_path = [], {}
    for department in departments_in_tree_order():
        parent = by_path.get(department.path[: -(len(department.path) // department.depth)])
        rate = DepartmentRate(
            department_id=department.pk,
            code=department.code,
            name=department.name,
            path=department.path,
            depth=department.depth,
            parent_id=parent.department_id if parent else None,
            field_office=department.kind == FIELD_OFFICE or bool(parent and parent.field_office),
            high_intensity=department.high_intensity or bool(parent and parent.high_intensity),
            own=direct.get(department.pk, Counts()),
        )
        rates.append(rate)
        by_path[department.path] = rate
    overall, by_location, by_intensity = Counts(), {"본청": Counts(), "사업소": Counts()}, {
        "고강도 민원접점": Counts(),
        "일반": Counts(),
    }
    for rate in rates:
        step = len(rate.path) // rate.depth  # treebeard's steplen
        for depth in range(rate.depth, 0, -1):
            by_path[rate.path[: step * depth]].total.add(rate.own)
        overall.add(rate.own)
        by_location["사업소" if rate.field_office else "본청"].add(rate.own)
        by_intensity["고강도 민원접점" if rate.high_intensity else "일반"].add(rate.own)
    return RateTable(
        year=year,
        reference_date=reference_date,
        attribution=attribution,
        departments=rates,
        overall=overall,
        by_location=by_location,
        by_intensity=by_intensity,
    )
