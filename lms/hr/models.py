"""HR's exports of completion records and their audit log (개인정보 보호법 practice).

One `DataExport` row is both the export job and its audit record: it is written before the file is
made, so an export that fails is on record too. Nothing in the admin may add, change or delete these
rows (no such permissions exist; the permission policy is view-only), and the requester is PROTECTed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from lms.storage import private_storage

from .export_kinds import report_choices


class ExportReport(models.TextChoices):
    SUMMARY = "summary", "부서원 상시학습 달성현황"
    DETAIL = "detail", "이수 상세"
    PERSON = "person", "개인 이수 기록"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel(XLSX)"
    CSV = "csv", "CSV(UTF-8)"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "대기"
    RUNNING = "running", "만드는 중"
    DONE = "done", "완료"
    FAILED = "failed", "실패"


class DataExport(models.Model):
    token = models.UUIDField("식별자", default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="요청자"
    )
    requested_at = models.DateTimeField("요청 시각", auto_now_add=True, db_index=True)
    report = models.CharField("자료", max_length=16, choices=report_choices)
    file_format = models.CharField("파일 형식", max_length=8, choices=ExportFormat.choices)
    filters = models.JSONField("조건", default=dict, help_text="연도, 부서(하위 포함), 학습유형, 직원, 달성현황의 기준일")
    include_email = models.BooleanField("이메일 포함", default=False)
    purpose = models.CharField("사용 목적", max_length=200)
    background = models.BooleanField("백그라운드 작업", default=False)
    status = models.CharField("상태", max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("시도 횟수", default=0)
    status_message = models.CharField("상태 메시지", max_length=500, blank=True)
    row_count = models.PositiveIntegerField("행 수", null=True, blank=True)
    sha256 = models.CharField("파일 SHA-256", max_length=64, blank=True)
    file = models.FileField("파일", upload_to="exports/", storage=private_storage, blank=True, max_length=200)
    file_size = models.PositiveBigIntegerField("파일 크기(바이트)", null=True, blank=True)
    finished_at = models.DateTimeField("완료 시각", null=True, blank=True)
    expires_at = models.DateTimeField("내려받기 만료", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "개인정보 내보내기 기록"
        verbose_name_plural = "개인정보 내보내기 기록"
        ordering = ["-requested_at"]
        default_permissions = ("view",)
        permissions = [
            ("view_completion_records", "직원 이수 기록 보기(담당 범위)"),
            ("export_completion_records", "직원 이수 기록 내보내기(담당 범위)"),
        ]

    def __str__(self):
        return f"{self.get_report_display()} · {self.requested_by} · {timezone.localtime(self.requested_at):%Y-%m-%d %H:%M}"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self):
        return self.status == ExportStatus.DONE and bool(self.file) and not self.is_expired

    @property
    def filters_label(self):
        """The filters in words, for the log and the status page."""
        filters = self.filters
        parts = [f"{filters.get('year')}년"]
        if filters.get("person"):
            parts.append(f"{filters['person']['name']}({filters['person']['employee_number']})")
        elif filters.get("department"):
            parts.append(f"{filters['department']['name']}(하위 부서 포함)")
        else:
            parts.append("전체 부서")
        if filters.get("reference_date"):
            parts.append(f"기준일 {filters['reference_date']}")
        if filters.get("kinds"):
            parts.append("학습유형 " + ", ".join(filters["kinds"]))
        if self.include_email:
            parts.append("이메일 포함")
        return " · ".join(parts)

    @property
    def filename(self):
        year = self.filters.get("year", "")
        return f"{self.get_report_display()}_{year}_{timezone.localtime(self.requested_at):%Y%m%d-%H%M}.{self.file_format}"


class ExportDownload(models.Model):
    """Each download attempt of an export, refused or failed ones included."""

    export = models.ForeignKey(DataExport, on_delete=models.PROTECT, related_name="downloads", verbose_name="내보내기")
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="내려받은 사람"
    )
    downloaded_at = models.DateTimeField("시각", auto_now_add=True)
    succeeded = models.BooleanField("성공", default=False)
    failure_reason = models.CharField("실패 사유", max_length=300, blank=True)

    class Meta:
        verbose_name = "내보내기 파일 내려받기"
        verbose_name_plural = "내보내기 파일 내려받기"
        ordering = ["downloaded_at"]
        default_permissions = ()

    def __str__(self):
        return f"{self.downloaded_by} · {timezone.localtime(self.downloaded_at):%Y-%m-%d %H:%M}"
