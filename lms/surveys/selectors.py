"""Reads for surveys: which surveys a person is offered, and the results HR and managers may see.

Results are aggregates only, and only of groups of at least MINIMUM_GROUP responses. A breakdown (the
sessions of a programme, the departments of a session) also hides further cells when the hidden ones
would add up to fewer than MINIMUM_GROUP: otherwise the shown total minus the shown cells would give a
small group's answers back ("complementary suppression").
"""

import os
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from wagtail import hooks

from lms.people.selectors import ALL_DEPARTMENTS, department_scope, within_scope
from lms.records.registry import kind_label
from lms.records.selectors import completions_of

from .models import SATISFIED_CHOICES, Satisfaction, SurveyAnswer, SurveyedKind, SurveyParticipation, SurveyResponse
from .stats import wilson_interval

MINIMUM_GROUP = 5
SMALL_GROUP = "응답 5명 미만"
PROTECTING_SMALL_GROUP = "작은 집단 보호를 위해 비공개"
UNKNOWN_DEPARTMENT = "소속 정보 없음"
# Apps whose completions belong to larger items ("offline_programme:12") say what those are called
# through this Wagtail hook: a function taking a list of item_group keys and returning {key: title}.
GROUP_TITLES_HOOK = "describe_item_groups"


# Offers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyOffer:
    record: object  # the lms.records CompletionRecord the survey is about
    surveyed_kind: SurveyedKind

    @property
    def question_set(self):
        return self.surveyed_kind.question_set

    @property
    def kind_label(self):
        return kind_label(self.record.item_kind)

    @property
    def closes_on(self):
        return self.record.completed_on + timedelta(days=self.surveyed_kind.open_days)


def enabled_kinds():
    """{item_kind: SurveyedKind} of the kinds HR asks the survey after."""
    return {
        kind.item_kind: kind
        for kind in SurveyedKind.objects.filter(is_enabled=True).select_related("question_set")
    }


def pending_surveys(*, user, today=None):
    """The surveys `user` may still answer: completions of a surveyed kind, completed within that kind's
    answering period, whose item they have not answered yet; latest first."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    kinds = enabled_kinds()
    if not kinds:
        return []
    earliest = today - timedelta(days=max(kind.open_days for kind in kinds.values()))
    answered = set(SurveyParticipation.objects.filter(user=user).values_list("item_kind", "item_key"))
    offers, seen = [], set()
    for record in completions_of(user=user).filter(item_kind__in=kinds, completed_on__gte=earliest):
        item = (record.item_kind, record.item_key)
        surveyed = kinds[record.item_kind]
        if item in answered or item in seen or record.completed_on + timedelta(days=surveyed.open_days) < today:
            continue
        seen.add(item)
        offers.append(SurveyOffer(record=record, surveyed_kind=surveyed))
    return offers


def survey_offer(*, user, kind, key, today=None):
    """The offer of the survey of one item to `user`, or None if they may not (or no longer) answer it."""
    offers = pending_surveys(user=user, today=today)
    return next((offer for offer in offers if (offer.record.item_kind, offer.record.item_key) == (kind, str(key))), None)


def has_answered(*, user, kind, key):
    return SurveyParticipation.objects.filter(user=user, item_kind=kind, item_key=str(key)).exists()


# Who sees which results -------------------------------------------------------------------------


def results_scope(user):
    """ALL_DEPARTMENTS for HR (and superusers), the managed department for a department manager,
    None for anyone else (editors, staff)."""
    return department_scope(
        user, sees_all="surveys.view_all_survey_results", sees_subtree=["surveys.view_survey_results"]
    )


def may_view_results(user):
    return results_scope(user) is not None


def responses_visible_to(user, *, year=None):
    """The responses (of `year`, or all years) whose 당시소속 is in the viewer's scope (a manager: their
    subtree)."""
    responses = SurveyResponse.objects.all() if year is None else SurveyResponse.objects.filter(evaluation_year=year)
    return within_scope(responses, results_scope(user))


def years_with_responses(user):
    """The evaluation years with responses `user` may see, latest first (this year always among them)."""
    years = set(responses_visible_to(user).values_list("evaluation_year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# Results ------------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: str
    counts: dict  # {Satisfaction value: number of answers}

    @property
    def answers(self):
        return sum(self.counts.values())

    @property
    def satisfied(self):
        return sum(self.counts.get(choice, 0) for choice in SATISFIED_CHOICES)

    @property
    def share(self):
        return self.satisfied / self.answers

    @property
    def interval(self):
        return wilson_interval(self.satisfied, self.answers)

    @property
    def distribution(self):
        """(label, count, share) for 매우만족 … 매우불만."""
        return [
            (choice.label, self.counts.get(choice.value, 0), self.counts.get(choice.value, 0) / self.answers)
            for choice in Satisfaction
        ]


@dataclass
class ResultCell:
    """One group's results: a programme, a session, a department (or the whole of them)."""

    key: object
    label: str
    responses: int
    questions: list = field(default_factory=list)
    kind: str = ""
    hidden_reason: str = ""

    @property
    def shown(self):
        return not self.hidden_reason

    @property
    def mean_share(self):
        """The plain mean of the questions' satisfaction shares (each question has its own interval)."""
        if not self.questions:
            return None
        return sum(question.share for question in self.questions) / len(self.questions)

    @property
    def kind_label(self):
        return kind_label(self.kind) if self.kind else ""

    @property
    def responses_display(self):
        return f"{self.responses}명" if self.shown else self.hidden_reason

    @property
    def mean_share_display(self):
        return f"{self.mean_share:.0%}" if self.shown and self.questions else "–"


def _question_results(responses, fields):
    """{cell values: [QuestionResult, …]} of the responses grouped by `fields`, questions in asked order."""
    rows = (
        SurveyAnswer.objects.filter(response__in=responses)
        .values(*[f"response__{name}" for name in fields], "question")
        .annotate(
            position=Min("position"),
            **{f"c{choice}": Count("pk", filter=Q(choice=choice)) for choice in Satisfaction.values},
        )
        .order_by("position", "question")
    )
    by_cell = {}
    for row in rows:
        key = tuple(row[f"response__{name}"] for name in fields)
        counts = {choice: row[f"c{choice}"] for choice in Satisfaction.values}
        by_cell.setdefault(key, []).append(QuestionResult(question=row["question"], counts=counts))
    return by_cell


def _cells(responses, fields, *, extra=None):
    """ResultCells of the responses grouped by `fields` (key: the tuple of their values)."""
    questions = _question_results(responses, fields)
    rows = responses.values(*fields).annotate(n=Count("pk"), **(extra or {})).order_by(*fields)
    cells = []
    for row in rows:
        key = tuple(row[name] for name in fields)
        cell = ResultCell(key=key, label="", responses=row["n"], questions=questions.get(key, []))
        cell.row = row
        cells.append(cell)
    return cells


def protect_small_groups(cells, *, of_a_shown_total=True):
    """Hide each cell of fewer than MINIMUM_GROUP responses, then, when the cells break down a total that
    is shown, while the hidden ones add up to 1–4 responses also hide the smallest shown one (the total
    minus the shown cells would give them back). Returns the cells."""
    for cell in cells:
        if cell.responses < MINIMUM_GROUP:
            cell.hidden_reason = SMALL_GROUP
    if not of_a_shown_total:
        return cells
    hidden = sum(cell.responses for cell in cells if not cell.shown)
    shown = sorted((cell for cell in cells if cell.shown), key=lambda cell: cell.responses)
    while 0 < hidden < MINIMUM_GROUP and shown:
        cell = shown.pop(0)
        cell.hidden_reason = PROTECTING_SMALL_GROUP
        hidden += cell.responses
    return cells


def _titles_from_items(responses):
    """{programme key: what its items' titles begin with} ("감정노동 힐링 프로그램" of its "… 1회차",
    "… 2회차"), for programmes no app names through GROUP_TITLES_HOOK."""
    by_programme = {}
    for key, title in responses.values_list("programme_key", "item_title").distinct():
        by_programme.setdefault(key, []).append(title)
    titles = {}
    for key, item_titles in by_programme.items():
        common = os.path.commonprefix(item_titles)
        if len(item_titles) > 1 and " " in common:
            common = common.rsplit(" ", 1)[0] if not common.endswith(" ") else common
        titles[key] = common.strip() or key
    return titles


def programme_titles(responses, keys):
    """{programme key: title}: the app's name for it, else what its items' titles share."""
    return {**_titles_from_items(responses.filter(programme_key__in=keys)), **group_titles(keys)}


def group_titles(keys):
    titles = {}
    for describe in hooks.get_hooks(GROUP_TITLES_HOOK):
        titles.update(describe(list(keys)) or {})
    return titles


def programme_results(responses):
    """One cell per programme (item_group, or the item itself when it belongs to none)."""
    cells = _cells(
        responses,
        ["programme_key"],
        extra={
            "kind": Max("item_kind"),
            "title": Max("item_title"),
            "item": Max("item_key"),
            "items": Count("item_key", distinct=True),
        },
    )
    titles = programme_titles(responses, [cell.key[0] for cell in cells])
    for cell in cells:
        row = cell.row
        cell.key, cell.kind = cell.key[0], row["kind"]
        is_own_item = row["items"] == 1 and cell.key == f"{row['kind']}:{row['item']}"
        cell.label = row["title"] if is_own_item else titles.get(cell.key, cell.key)
    cells.sort(key=lambda cell: (cell.kind_label, cell.label))
    return protect_small_groups(cells, of_a_shown_total=False)  # no grand total of programmes is shown


def item_results(responses):
    """One cell per item (a session, a course), key (item_kind, item_key)."""
    cells = _cells(responses, ["item_kind", "item_key"], extra={"title": Max("item_title")})
    for cell in cells:
        cell.kind, cell.label = cell.key[0], cell.row["title"]
    cells.sort(key=lambda cell: cell.label)
    return protect_small_groups(cells)


def department_results(responses):
    """One cell per 당시소속 department, in tree order."""
    cells = _cells(responses, ["department"], extra={"name": Max("department__name"), "path": Max("department__path")})
    for cell in cells:
        cell.key, cell.label = cell.key[0], cell.row["name"] or UNKNOWN_DEPARTMENT
    cells.sort(key=lambda cell: cell.row["path"] or "")
    return protect_small_groups(cells)


def total_result(responses, *, label):
    """The responses as one cell (shown only with MINIMUM_GROUP or more)."""
    questions = _question_results(responses, []).get((), [])
    cell = ResultCell(key=None, label=label, responses=responses.count(), questions=questions)
    return protect_small_groups([cell], of_a_shown_total=False)[0]


def aligned_questions(cell, questions):
    """The cell's results for each of `questions` (the whole's), None where it has none."""
    by_text = {result.question: result for result in cell.questions}
    return [by_text.get(question.question) for question in questions]


def item_total(responses, *, kind, key, label):
    """One item's whole, as total_result, but hidden whenever the item's cell is hidden in its programme's
    breakdown by session (`responses`: all the viewer may see of the year): a session hidden there to
    protect a smaller one must not show up on a page of its own."""
    own = responses.filter(item_kind=kind, item_key=key)
    total = total_result(own, label=label)
    programme = own.values_list("programme_key", flat=True).first()
    if total.shown and programme is not None:
        siblings = item_results(responses.filter(programme_key=programme))
        cell = next(cell for cell in siblings if cell.key == (kind, key))
        total.hidden_reason = cell.hidden_reason
    return total


def comments_of(responses, cell):
    """The free-text comments of a shown cell, in no order that could follow the answering (their random
    keys), never with a department unless the cell itself is one of MINIMUM_GROUP or more."""
    if not cell.shown:
        return []
    return list(responses.exclude(comment="").order_by("pk").values_list("comment", flat=True))
