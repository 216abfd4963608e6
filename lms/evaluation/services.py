"""Writes for the bonus-point rules."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import RuleSet


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
        note=f"{source.evaluation_year}년 기준을 복사해 시작했습니다.",
        live=False,
    )
    copy.full_clean()
    copy.save()
    copy.save_revision(user=user, log_action=True)
    return copy
