"""Writes for the bonus-point rules."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import FrozenResult, RuleSet
from .selectors import department_scores
from .snapshots import SnapshotFacts, digest, take_snapshot


@transaction.atomic
def copy_rule_set(*, source, evaluation_year, user=None):
    """Start `evaluation_year`'s rules as a draft copy of `source` (usually last year's)."""
    if RuleSet.objects.filter(evaluation_year=evaluation_year).exists():
        raise ValidationError(f"{evaluation_year}년 가점 기준이 이미 있습니다.")
    copy = RuleSet(
        evaluation_year=evaluation_year,
        title=source.title,
        total_cap=source.total_cap,
        items=source.items.raw_data,
        institution_score=source.institution_score.raw_data,
        note=f"{source.evaluation_year}년 기준을 복사해 시작했습니다.",
        live=False,
    )
    copy.full_clean()
    copy.save()
    copy.save_revision(user=user, log_action=True)
    return copy


def _results_json(scores, *, with_institution_score):
    rows = []
    for entry in scores:
        row = {
            "pk": entry.rate.department_id,
            "code": entry.rate.code,
            "name": entry.rate.name,
            "items": [{"name": item.name, "value": str(item.metric_value), "points": str(item.points)} for item in entry.items],
            "total": str(entry.total),
        }
        if with_institution_score:
            row["institution_score"] = None if entry.institution_score is None else str(entry.institution_score)
        rows.append(row)
    return rows


def results_from_snapshot(snapshot):
    """Every department's metrics and points computed from a snapshot alone. Snapshots taken before
    the 기관성과평가 mapping existed have no "institution_score" in their rules, nor in their results."""
    rules = snapshot["rules"]
    rule_set = RuleSet(
        evaluation_year=snapshot["year"], total_cap=Decimal(rules["total_cap"]), items=rules["items"],
        institution_score=rules.get("institution_score", []),
    )
    return _results_json(
        department_scores(rule_set=rule_set, attribution=snapshot["attribution"], facts=SnapshotFacts(snapshot)),
        with_institution_score="institution_score" in rules,
    )


@transaction.atomic
def freeze_result(*, rule_set, reference_date, user):
    """확정: the published version of `rule_set`, applied as of `reference_date`, stored with its evidence."""
    if not rule_set.live or rule_set.live_revision_id is None:
        raise ValidationError("게시된 가점 기준만 확정할 수 있습니다. 먼저 기준을 게시하세요.")
    if FrozenResult.objects.filter(evaluation_year=rule_set.evaluation_year).exists():
        raise ValidationError(f"{rule_set.evaluation_year}년 결과는 이미 확정되었습니다.")
    published = rule_set.live_revision.as_object()
    snapshot = take_snapshot(rule_set=published, reference_date=reference_date, attribution=published.attribution)
    results = results_from_snapshot(snapshot)
    return FrozenResult.objects.create(
        rule_set=rule_set,
        revision=rule_set.live_revision,
        evaluation_year=rule_set.evaluation_year,
        reference_date=reference_date,
        attribution=published.attribution,
        snapshot=snapshot,
        results=results,
        digest=digest({"snapshot": snapshot, "results": results}),
        frozen_by=user,
    )
