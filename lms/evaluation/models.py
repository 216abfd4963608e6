"""Bonus-point rule sets (가점 기준), one per evaluation year, versioned by Wagtail's revisions.

A rule set is a snippet with a draft and a published ("현재 적용") version: HR edits a draft, previews
what every department would get (what-if), and publishes it; every save is a revision, so an earlier
version is always there to compare with and a frozen result names the revision it was computed with.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin

from .attributions import ATTRIBUTIONS
from .blocks import InstitutionScoreBlock, RuleItemBlock


class RuleSet(DraftStateMixin, RevisionMixin, models.Model):
    evaluation_year = models.PositiveSmallIntegerField(
        "평가 연도", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": "이 평가 연도의 가점 기준이 이미 있습니다. 그 기준을 고치세요."},
    )
    title = models.CharField("이름", max_length=100, default="민원서비스 향상 노력도 가점")
    total_cap = models.DecimalField(
        "가점 합계 상한(점)", max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    attribution = models.CharField(
        "소속 기준",
        max_length=20,
        choices=list(ATTRIBUTIONS.items()),
        default="reference_date",
        help_text="이수자를 기준일의 소속 부서로 셀지, 이수 당시 소속 부서로 셀지 정합니다.",
    )
    items = StreamField([("item", RuleItemBlock())], verbose_name="가점 항목", blank=True)
    institution_score = StreamField(
        [("mapping", InstitutionScoreBlock())], verbose_name="기관성과평가 환산", blank=True, max_num=1,
        help_text="부서의 가점 합계를 기관성과평가 '민원서비스 우수기관 평가결과 (10점)'으로 바꾸는 구간입니다. 비워 두면 환산하지 않습니다.",
    )
    note = models.TextField("메모", blank=True, help_text="근거 문서, 결정 경위 등")

    panels = [
        FieldPanel("evaluation_year"),
        FieldPanel("title"),
        FieldPanel("total_cap"),
        FieldPanel("attribution"),
        FieldPanel("items"),
        FieldPanel("institution_score"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "가점 기준"
        verbose_name_plural = "가점 기준"
        ordering = ["-evaluation_year"]
        # Wagtail adds this after migrate; declared here so the data migration can grant it to HR.
        permissions = [("publish_ruleset", "가점 기준 게시")]

    def __str__(self):
        return f"{self.evaluation_year}년 {self.title}"

    @property
    def institution_bands(self):
        """The 가점 합계 → 10-point bands, or None when the rule set maps nothing."""
        return list(self.institution_score[0].value["bands"]) if self.institution_score else None

    def clean(self):
        super().clean()
        errors = {}
        names = [item.value["name"] for item in self.items]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            errors["items"] = f"항목명이 겹칩니다: {', '.join(duplicates)}"
        cap_errors = []
        if self.total_cap is not None:
            for item in self.items:
                cap = item.value["cap"]
                if cap is not None and cap > self.total_cap:
                    cap_errors.append(
                        f"가점 합계 상한({self.total_cap.normalize():f}점)이 항목 «{item.value['name']}»의 상한"
                        f"({cap.normalize():f}점)보다 낮습니다."
                    )
        if cap_errors:
            errors["total_cap"] = cap_errors
        if errors:
            raise ValidationError(errors)


class FrozenResult(models.Model):
    """A year's result as decided (확정): the rule version, the roster on the 기준일, the completion records
    that counted, every department's metrics and points, and a digest of it all. Never changes: the
    rows are written once (save refuses an update, delete refuses) and the admin offers no edit."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="frozen_results", verbose_name="가점 기준")
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+", verbose_name="기준 버전"
    )
    evaluation_year = models.PositiveSmallIntegerField(
        "평가 연도", unique=True, error_messages={"unique": "이 평가 연도의 결과는 이미 확정되었습니다."}
    )
    reference_date = models.DateField("기준일")
    attribution = models.CharField("소속 기준", max_length=20, choices=list(ATTRIBUTIONS.items()))
    snapshot = models.JSONField("근거 자료")
    results = models.JSONField("부서별 결과")
    digest = models.CharField("해시(SHA-256)", max_length=64)
    frozen_at = models.DateTimeField("확정 시각", auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="확정한 사람"
    )

    class Meta:
        verbose_name = "확정된 평가 결과"
        verbose_name_plural = "확정된 평가 결과"
        ordering = ["-evaluation_year"]
        default_permissions = ("view",)
        permissions = [("freeze_result", "평가 결과 확정")]

    def __str__(self):
        return f"{self.evaluation_year}년 확정 결과 ({self.reference_date:%Y-%m-%d} 기준)"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("확정된 결과는 고칠 수 없습니다.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("확정된 결과는 지울 수 없습니다.")
