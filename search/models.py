from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel


class SearchTerm(models.Model):
    """A platform term the analyser keeps whole (U-지식여행, 원포인트레슨), edited as a snippet.

    The same entries become Elasticsearch's nori `user_dictionary_rules` and synonym rules
    (`search.dictionary`); department names from the roster are added without an entry.
    """

    term = models.CharField(
        "용어", max_length=60, unique=True, help_text="검색에서 한 낱말로 다룰 용어. 예: U-지식여행, 고강도 민원접점"
    )
    parts = models.CharField(
        "구성 낱말",
        max_length=120,
        blank=True,
        help_text="용어를 이루는 낱말을 띄어 씁니다. 예: 원포인트레슨 → 원 포인트 레슨. 비워 두면 자동으로 나눕니다.",
    )
    synonyms = models.CharField(
        "같은 말",
        max_length=300,
        blank=True,
        help_text="쉼표로 구분합니다. 이 말로 검색해도 용어를 찾습니다. 예: 유지식여행, U지식여행",
    )

    panels = [FieldPanel("term"), FieldPanel("parts"), FieldPanel("synonyms")]

    class Meta:
        verbose_name = "검색 용어"
        verbose_name_plural = "검색 용어 사전"
        ordering = ["term"]

    def __str__(self):
        return self.term

    def synonym_list(self):
        return [synonym.strip() for synonym in self.synonyms.split(",") if synonym.strip()]

    def clean(self):
        from .analysis import squash

        super().clean()
        if self.term and not squash(self.term):
            raise ValidationError({"term": "글자나 숫자가 들어간 용어를 입력해 주세요."})
        if any(not squash(synonym) for synonym in self.synonym_list()):
            raise ValidationError({"synonyms": "같은 말에는 글자나 숫자가 들어가야 합니다. 빈 항목을 지워 주세요."})


class IndexUpdate(models.Model):
    """Pages indexed again in the background after a change the index cannot see by itself.

    A dictionary edit changes how Elasticsearch splits the term's words, so its index settings are updated
    and the pages mentioning the term are indexed again; the upgrade's caption and manual backfill gives
    pages text they were indexed without. The status is shown under 스니펫 > 색인 반영 and a failure can be
    retried there (`search.services`).
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "대기"
        RUNNING = "running", "진행 중"
        RETRYING = "retrying", "재시도 대기"
        DONE = "done", "완료"
        FAILED = "failed", "실패"

    reason = models.CharField("사유", max_length=200)
    terms = models.JSONField("바뀐 용어", default=list, blank=True)
    page_ids = models.JSONField("다시 색인할 페이지", default=list, blank=True)
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.WAITING)
    message = models.CharField("결과", max_length=500, blank=True)
    pages_indexed = models.PositiveIntegerField("색인한 페이지 수", default=0)
    created_at = models.DateTimeField("요청 시각", auto_now_add=True)
    finished_at = models.DateTimeField("끝난 시각", null=True, blank=True)

    class Meta:
        verbose_name = "검색 색인 반영"
        verbose_name_plural = "검색 색인 반영"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.reason
