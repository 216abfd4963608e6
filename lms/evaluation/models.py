"""Bonus-point rule sets (가점 기준), one per evaluation year, versioned by Wagtail's revisions.

A rule set is a snippet with a draft and a published ("현재 적용") version: HR edits a draft, previews
what every department would get (what-if), and publishes it; every save is a revision, so an earlier
version is always there to compare with and a frozen result names the revision it was computed with.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin

from .blocks import RuleItemBlock


class RuleSet(DraftStateMixin, RevisionMixin, models.Model):
    evaluation_year = models.PositiveSmallIntegerField(
        "평가 연도", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": "이 평가 연도의 가점 기준이 이미 있습니다. 그 기준을 고치세요."},
    )
    title = models.CharField("이름", max_length=100, default="민원서비스 향상 노력도 가점")
    total_cap = models.DecimalField(
        "가점 합계 상한(점)", max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    items = StreamField([("item", RuleItemBlock())], verbose_name="가점 항목", blank=True)
    note = models.TextField("메모", blank=True, help_text="근거 문서, 결정 경위 등")

    panels = [
        FieldPanel("evaluation_year"),
        FieldPanel("title"),
        FieldPanel("total_cap"),
        FieldPanel("items"),
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
