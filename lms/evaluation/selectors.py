"""Department completion rates as of a 기준일 (reference date), rolled up the department tree.

Who counts: everyone on the dated roster on the 기준일 (people.selectors.memberships_on), each person
once. Leavers gone before that day and hires arriving after it are outside the population. A person
"completed" an item when they have at least `minimum_completions` completion records of its kinds (some
narrowed to categories, see Counted) in the evaluation year (records.selectors.completion_records).

Which department a person counts for (the attribution, a rule setting):
- "reference_date": the department they belonged to on the 기준일;
- "at_completion": for those who completed, the department they were in (당시소속) when they made their
  latest counted completion; for the others, the department on the 기준일. Each person still counts once,
  so no rate exceeds 100 %.

Everything is read in a fixed number of queries whatever the size of the tree: the departments, and
one aggregate over the memberships on the day grouped by department (for "at_completion": the day's
roster and one window-function query over the year's records, combined in one pass); the rollup
happens in Python.
"""

from dataclasses import dataclass, field
from functools import cached_property
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, ExtractMonth, FirstValue

from lms.people.selectors import ALL_DEPARTMENTS, department_scope, departments_in_tree_order, members_on, memberships_on
from lms.records.registry import completion_categories
from lms.records.selectors import completion_records

from .attributions import ATTRIBUTIONS
from .blocks import Metric
from .rules import score

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


@dataclass(frozen=True)
class Counted:
    """What a rate counts: completion records of `kinds`, those of a kind named in `categories` only in
    the categories given for it (e.g. offline sessions of one programme kind). Hashable, so a
    computation reads each distinct definition once."""

    kinds: tuple
    categories: tuple = ()  # ((kind, (category, ...)), ...)

    @classmethod
    def of(cls, kinds, categories=(), *, category_kinds):
        """From a rule item's kinds and categories, with {category: kind} telling which kind each narrows."""
        narrowed = {}
        for category in categories:
            if category in category_kinds:
                narrowed.setdefault(category_kinds[category], []).append(category)
        return cls.narrowed_to(kinds, narrowed)

    @classmethod
    def narrowed_to(cls, kinds, categories=None):
        """From kinds and {kind: categories} narrowing some of them."""
        return cls(
            kinds=tuple(sorted(kinds)),
            categories=tuple(sorted((kind, tuple(sorted(found))) for kind, found in (categories or {}).items())),
        )

    @classmethod
    def of_item(cls, item, *, category_kinds):
        return cls.of(item["counted_kinds"], item.get("counted_categories") or (), category_kinds=category_kinds)

    @cached_property
    def narrowed(self):
        return dict(self.categories)

    def records(self, *, year, department=None):
        return completion_records(year=year, kinds=self.kinds, categories=self.narrowed, department=department)

    def counts(self, kind, category):
        return kind in self.kinds and (kind not in self.narrowed or category in self.narrowed[kind])


def live_category_kinds():
    """{category: kind key} as the apps describe them now."""
    return {category: kind for category, (kind, _label) in completion_categories().items()}


def department_rates(*, year, reference_date, kinds, categories=None, minimum_completions=1, attribution="reference_date"):
    """The RateTable of completing `kinds` (registry keys; {kind: categories} narrows some) in `year`, as
    of `reference_date`."""
    return DatabaseFacts(year=year, reference_date=reference_date).rates(
        counted=Counted.narrowed_to(kinds, categories), minimum_completions=minimum_completions, attribution=attribution
    )


def _check_attribution(attribution):
    if attribution not in ATTRIBUTIONS:
        raise ValueError(f"알 수 없는 소속 기준입니다: {attribution}")


class MemoisedFacts:
    """Each distinct table is computed once per facts object: rule items counting the same thing (e.g.
    participants and sessions held of one programme kind), and a draft beside its published version
    in what-if, share one aggregate."""

    def rates(self, *, counted, minimum_completions, attribution):
        key = ("rates", counted, minimum_completions, attribution)
        if key not in self._memo:
            self._memo[key] = self.compute_rates(
                counted=counted, minimum_completions=minimum_completions, attribution=attribution
            )
        return self._memo[key]

    def items_held(self, *, counted):
        key = ("held", counted)
        if key not in self._memo:
            self._memo[key] = list(self.compute_items_held(counted=counted))
        return self._memo[key]


class DatabaseFacts(MemoisedFacts):
    """The roster on the 기준일 and the year's completion records, read from the database in aggregates."""

    def __init__(self, *, year, reference_date):
        self.year, self.reference_date = year, reference_date
        self._memo = {}

    def departments(self):
        if "departments" not in self._memo:
            self._memo["departments"] = list(departments_in_tree_order())
        return self._memo["departments"]

    def category_kinds(self):
        return live_category_kinds()

    def compute_rates(self, *, counted, minimum_completions, attribution):
        _check_attribution(attribution)
        members = memberships_on(on=self.reference_date).order_by()
        if attribution == "reference_date":
            rows = self.counts_by_department(counted=counted, minimum_completions=minimum_completions)
            direct = {row["department_id"]: Counts(row["staff"], row["completed"]) for row in rows}
        else:
            # Each person's count and the department of their latest counted completion, by window
            # functions over the year's records; then one pass over the day's roster.
            by_user = {
                user_id: (completions, department_id)
                for user_id, completions, department_id in counted.records(year=self.year).order_by().annotate(
                    completions=Window(Count("pk"), partition_by=[F("user_id")]),
                    latest_department=Window(
                        FirstValue("department_id"),
                        partition_by=[F("user_id")],
                        order_by=[F("completed_on").desc(), F("pk").desc()],
                    ),
                )
                .values_list("user_id", "completions", "latest_department")
                .distinct()
            }
            direct = attributed_counts(
                members.values_list("user_id", "department_id"), by_user, minimum_completions, attribution
            )
        return rolled_up(self.year, self.reference_date, attribution, direct, self.departments())

    def counts_by_department(self, *, counted, minimum_completions):
        """One aggregate: the year's completers as an uncorrelated subquery (hashed once by PostgreSQL),
        counted per department of the day."""
        completers = (
            counted.records(year=self.year)
            .order_by()
            .values("user_id")
            .annotate(count=Count("pk"))
            .filter(count__gte=minimum_completions)
            .values("user_id")
        )
        return (
            memberships_on(on=self.reference_date)
            .order_by()
            .values("department_id")
            .annotate(staff=Count("user_id"), completed=Count("user_id", filter=Q(user_id__in=completers)))
        )

    def compute_items_held(self, *, counted):
        """(department id, kind, key) of every distinct item `counted` names completed in the year, by 당시소속."""
        return (
            counted.records(year=self.year)
            .order_by()
            .values_list("department_id", "item_kind", "item_key")
            .distinct()
        )


def attributed_counts(members, by_user, minimum_completions, attribution):
    """{department id: Counts} from the day's (user, department) pairs and {user: (completions, department
    of the latest counted completion)}: each person once, where the attribution puts them."""
    direct = {}
    for user_id, department_id in members:
        completions, latest_department = by_user.get(user_id, (0, None))
        completed = completions >= minimum_completions
        if attribution == "at_completion" and completed and latest_department is not None:
            department_id = latest_department
        counts = direct.setdefault(department_id, Counts())
        counts.staff += 1
        counts.completed += 1 if completed else 0
    return direct


def rolled_up(year, reference_date, attribution, direct, departments):
    """A RateTable from {department id: Counts of the people attributed to it}, summed up `departments`
    (in tree order: objects with pk, code, name, path, depth, kind, high_intensity)."""
    rates, by_path = [], {}
    for department in departments:
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


@dataclass(frozen=True)
class DepartmentScore:
    rate: DepartmentRate  # of the first item, for the tree's names and flags
    items: tuple  # rules.ItemScore per rule item, in the rule set's order
    total: Decimal
    institution_score: Decimal | None  # 기관성과평가 환산 (10점), when the rules map one


def department_scores(*, rule_set, reference_date=None, attribution="reference_date", facts=None):
    """Every department's metrics and points under `rule_set` for its year, as of `reference_date`,
    from the database (or from `facts`, e.g. a frozen result's snapshot). One aggregate per rule item,
    whatever the number of departments."""
    facts = facts or DatabaseFacts(year=rule_set.evaluation_year, reference_date=reference_date)
    narrows = any(block.value.get("counted_categories") for block in rule_set.items)
    category_kinds = facts.category_kinds() if narrows else {}
    tables, values = [], {}
    for block in rule_set.items:
        item = block.value
        counted = Counted.of_item(item, category_kinds=category_kinds)
        table = facts.rates(counted=counted, minimum_completions=item["minimum_completions"], attribution=attribution)
        tables.append(table)
        held = sessions_held(facts.items_held(counted=counted), table=table) if (
            item["metric"] == Metric.SESSIONS_HELD
        ) else None
        for rate in table.departments:
            values.setdefault(rate.department_id, {})[item["name"]] = _metric_value(item["metric"], rate, held)
    if not tables:
        return []
    return [_department_score(rule_set, rate, values[rate.department_id]) for rate in tables[0].departments]


def _department_score(rule_set, rate, metric_values):
    result = score(rule_set, metric_values)
    return DepartmentScore(rate=rate, items=result.items, total=result.total, institution_score=result.institution_score)


def _metric_value(metric, rate, held):
    if metric == Metric.COMPLETION_SHARE:
        return rate.total.rate or Decimal(0)
    if metric == Metric.SESSIONS_HELD:
        return Decimal(len(held.get(rate.department_id, ())))
    return Decimal(rate.total.completed)


def sessions_held(pairs, *, table):
    """{department id: set of distinct items} from (department id, kind, key) pairs, rolled up: a session
    attended by two 과 of one 실국 counts once for the 실국."""
    by_path = {rate.path: rate for rate in table.departments}
    id_to_path = {rate.department_id: rate.path for rate in table.departments}
    held = {}
    for department_id, kind, key in pairs:
        path = id_to_path.get(department_id)
        if path is None:
            continue
        step = len(path) // by_path[path].depth
        for depth in range(by_path[path].depth, 0, -1):
            held.setdefault(by_path[path[: step * depth]].department_id, set()).add((kind, key))
    return held


@dataclass(frozen=True)
class ScoreChange:
    department: DepartmentRate
    current: Decimal
    draft: Decimal
    current_institution_score: Decimal | None  # 기관성과평가 환산 under each version, if it maps one
    draft_institution_score: Decimal | None

    @property
    def difference(self):
        return self.draft - self.current


def what_if(*, rule_set, reference_date):
    """The points every department gets under the draft of `rule_set` beside its published version.

    The draft is the latest revision; the published version is what the rule set's own fields hold
    (Wagtail's DraftStateMixin). With nothing published yet, the current points are all zero."""
    draft = rule_set.get_latest_revision_as_object() if rule_set.latest_revision_id else rule_set
    facts = DatabaseFacts(year=rule_set.evaluation_year, reference_date=reference_date)
    draft_scores = department_scores(rule_set=draft, attribution=draft.attribution, facts=facts)
    if rule_set.live:
        current = {
            entry.rate.department_id: entry
            for entry in department_scores(rule_set=rule_set, attribution=rule_set.attribution, facts=facts)
        }
    else:
        current = {}
    changes = []
    for entry in draft_scores:
        now = current.get(entry.rate.department_id)
        changes.append(ScoreChange(
            department=entry.rate,
            current=now.total if now else Decimal(0),
            draft=entry.total,
            current_institution_score=now.institution_score if now else None,
            draft_institution_score=entry.institution_score,
        ))
    return changes


def completions_by_month(*, year, kinds, categories=None, within=None):
    """[(month, completions)] for the 12 months of `year`, of `kinds` (narrowed by `categories`), by
    당시소속 within the department `within` (its subtree) or everywhere."""
    records = completion_records(year=year, kinds=kinds, categories=categories, department=within)
    counts = dict(
        records.order_by().annotate(month=ExtractMonth("completed_on")).values("month").annotate(n=Count("pk")).values_list("month", "n")
    )
    return [(month, counts.get(month, 0)) for month in range(1, 13)]


@dataclass(frozen=True)
class PersonProgress:
    membership: object  # people.Membership on the 기준일
    completions: int
    completed: bool


def department_people(*, department, year, reference_date, kinds, categories=None, minimum_completions=1):
    """Everyone in `department`'s subtree on the 기준일 with how many counted completions they made in the year."""
    completions = (
        completion_records(year=year, kinds=kinds, categories=categories)
        .filter(user_id=OuterRef("user_id"))
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = members_on(department=department, on=reference_date).annotate(
        completions=Coalesce(Subquery(completions, output_field=IntegerField()), 0)
    )
    return [
        PersonProgress(membership=member, completions=member.completions, completed=member.completions >= minimum_completions)
        for member in members
    ]


@dataclass(frozen=True)
class ResultDifference:
    code: str
    name: str
    frozen: Decimal
    today: Decimal


def differences_today(frozen):
    """Departments whose points would differ if the frozen year were computed again today, with the same
    rule version, 기준일 and attribution (late records, corrected rosters)."""
    rule_set = frozen.revision.as_object()
    today = {
        entry.rate.code: entry.total
        for entry in department_scores(rule_set=rule_set, reference_date=frozen.reference_date, attribution=frozen.attribution)
    }
    differences = []
    for row in frozen.results:
        now = today.get(row["code"], Decimal(0))
        if now != Decimal(row["total"]):
            differences.append(ResultDifference(code=row["code"], name=row["name"], frozen=Decimal(row["total"]), today=now))
    return differences


def frozen_result_scope(user):
    """HR sees a frozen result whole; a department manager the subtree they manage; anyone else nothing."""
    return department_scope(user, sees_all="evaluation.view_frozenresult", sees_subtree=["people.view_staffprofile"])


@dataclass(frozen=True)
class FrozenResultPart:
    """What of a frozen result a viewer sees: its rows, the evidence records and the roster of one
    subtree as it stood on the 기준일 (or all of it)."""

    frozen: object
    whole: bool
    department: dict | None  # the snapshot's department the part is cut to (None: the whole result)
    results: list
    records: list
    members: list


def frozen_result_part(frozen, *, scope, department_id=None):
    """The part of `frozen` within `scope` (a department_scope), narrowed to `department_id`'s subtree if
    given; None when that department is outside the scope (or unknown), so the view answers 404.

    The subtree is the one in the snapshot, as on the 기준일: a department moved since keeps its rows.
    Its evidence: the records of the people on its roster that day, and those made in it (당시소속)."""
    snapshot = frozen.snapshot
    departments = {department["pk"]: department for department in snapshot["departments"]}
    if scope is ALL_DEPARTMENTS:
        root = None
    else:
        root = departments.get(scope.pk)
        if root is None:
            return None
    if department_id is not None:
        chosen = departments.get(department_id)
        if chosen is None or (root is not None and not chosen["path"].startswith(root["path"])):
            return None
        root = chosen
    if root is None:
        return FrozenResultPart(frozen, True, None, frozen.results, snapshot["records"], snapshot["members"])
    inside = {pk for pk, department in departments.items() if department["path"].startswith(root["path"])}
    members = [member for member in snapshot["members"] if member[1] in inside]
    people = {user for user, _department in members}
    return FrozenResultPart(
        frozen=frozen,
        whole=False,
        department=root,
        results=[row for row in frozen.results if row["pk"] in inside],
        records=[record for record in snapshot["records"] if record[1] in people or record[2] in inside],
        members=members,
    )
