"""Satisfaction surveys (issue 15 point 9, arisu plan §5): question sets HR edits, and answers kept apart
from who gave them.

Anonymity is in the schema. `SurveyParticipation` says only that a person has answered the survey of an
item (one row per person and item, which the database enforces). `SurveyResponse` holds what was answered
about the item, with the 당시소속 department and the evaluation year copied from the completion record, and
nothing else: no user, no completion record, no link to the participation, no time of answering (both
tables have none at all) and a random UUID key, so neither the key nor the insertion order of rows can be
matched with the participations. The finest cell a response can be placed in is (item, department, year);
the results only ever show cells of 5 or more responses (`selectors`). See docs/architecture.md.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from lms.records.registry import learnable_kind


class Satisfaction(models.IntegerChoices):
    """The plan's 5-point scale (5분위 척도), best first as the form shows it."""

    VERY_SATISFIED = 5, "매우만족"
    SATISFIED = 4, "만족"
    NEUTRAL = 3, "보통"
    DISSATISFIED = 2, "불만"
    VERY_DISSATISFIED = 1, "매우불만"


SATISFIED_CHOICES = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)  # satisfaction = their share


class QuestionSet(ClusterableModel):
    name = models.CharField("질문지 이름", max_length=100, unique=True)
    intro = models.TextField("안내 문구", blank=True, help_text="설문 위에 보이는 안내입니다.")
    comment_prompt = models.CharField(
        "자유 의견 질문", max_length=200, default="교육에서 좋았던 점과 아쉬운 점을 자유롭게 적어 주세요."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("intro"),
        InlinePanel(
            "questions",
            label="5점 척도 질문",
            min_num=1,
            heading="질문 (매우만족 · 만족 · 보통 · 불만 · 매우불만)",
            help_text="질문 문구를 바꾸면 결과에서는 새 질문으로 집계됩니다(다른 문구의 답을 섞지 않습니다).",
        ),
        FieldPanel("comment_prompt"),
    ]

    class Meta:
        verbose_name = "만족도 질문지"
        verbose_name_plural = "만족도 질문지"

    def __str__(self):
        return self.name


class Question(Orderable):
    question_set = ParentalKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("질문", max_length=200)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "질문"
        verbose_name_plural = "질문"

    def __str__(self):
        return self.text


class SurveyedKind(models.Model):
    """A kind of completion (a key of the records registry) whose completers are asked the survey."""

    item_kind = models.CharField("학습 유형", max_length=40, unique=True)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="kinds", verbose_name="질문지")
    is_enabled = models.BooleanField("조사 실시", default=True)
    open_days = models.PositiveSmallIntegerField(
        "응답 기간(일)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="이수일부터 이 기간 동안 설문을 보여 줍니다.",
    )

    class Meta:
        verbose_name = "만족도 조사 대상"
        verbose_name_plural = "만족도 조사 대상"

    def __str__(self):
        try:
            return learnable_kind(self.item_kind).label
        except KeyError:
            return self.item_kind


class SurveyParticipation(models.Model):
    """That a person answered the survey of an item. Deliberately nothing more: no time, no answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item_kind = models.CharField(max_length=40)
    item_key = models.CharField(max_length=100)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_kind", "item_key"], name="one_survey_response_per_person_and_item"
            )
        ]


class SurveyResponse(models.Model):
    """What one person answered about one item, without who or when (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item_kind = models.CharField("학습 유형", max_length=40)
    item_key = models.CharField(max_length=100)
    item_title = models.CharField("항목", max_length=255)
    programme_key = models.CharField(
        max_length=140, help_text="the completion's item_group, or '<kind>:<key>' of the item itself when it has none"
    )
    evaluation_year = models.PositiveSmallIntegerField("평가 연도")
    department = models.ForeignKey(
        "people.Department", on_delete=models.PROTECT, null=True, related_name="+", verbose_name="당시소속"
    )
    comment = models.TextField("자유 의견", blank=True, max_length=1000)

    class Meta:
        verbose_name = "만족도 응답"
        verbose_name_plural = "만족도 응답"
        default_permissions = ()  # nobody adds, edits, deletes or lists single answers in the admin
        permissions = [
            ("view_all_survey_results", "모든 부서의 만족도 조사 결과 보기"),
            ("view_survey_results", "담당 부서의 만족도 조사 결과 보기"),
        ]
        indexes = [
            models.Index(fields=["evaluation_year", "programme_key"], name="survey_year_programme"),
            models.Index(fields=["evaluation_year", "item_kind", "item_key"], name="survey_year_item"),
        ]


class SurveyAnswer(models.Model):
    """One 5-point answer. Keyed by a UUID too: sequential keys would number the responses in answering order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question = models.CharField("질문", max_length=200, help_text="the question's text as it was asked")
    choice = models.PositiveSmallIntegerField(choices=Satisfaction.choices)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["response", "position"], name="one_answer_per_question"),
            models.CheckConstraint(condition=models.Q(choice__gte=1, choice__lte=5), name="answer_on_the_5_point_scale"),
        ]
