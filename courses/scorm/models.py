"""SCORM packages (uploaded, checked, unpacked into storage) and each learner's CMI data per lesson."""

from django.conf import settings
from django.db import models
from wagtail.search import index

from .packaging import SCORM_12, SCORM_2004


class ScormVersion(models.TextChoices):
    SCORM_12 = SCORM_12, "SCORM 1.2"
    SCORM_2004 = SCORM_2004, "SCORM 2004"


class PackageStatus(models.TextChoices):
    PENDING = "pending", "준비 중"
    READY = "ready", "사용 가능"
    FAILED = "failed", "실패"


class ScormPackage(index.Indexed, models.Model):
    title = models.CharField("제목", max_length=200)
    package_file = models.FileField(
        "SCORM 패키지(ZIP)",
        upload_to="scorm/uploads/",
        max_length=500,
        help_text="SCORM 1.2 또는 SCORM 2004 형식의 ZIP 파일. imsmanifest.xml이 ZIP의 최상위나, ZIP에 하나뿐인 폴더 바로 아래에 있어야 합니다.",
    )
    version = models.CharField("SCORM 버전", max_length=8, choices=ScormVersion.choices, blank=True, editable=False)
    launch_href = models.CharField("실행 파일", max_length=1000, blank=True, editable=False)
    # The default organization's items in order: {"id", "title", "href" ("" for a grouping item), "depth"}.
    items = models.JSONField("목차", default=list, blank=True, editable=False)
    storage_prefix = models.CharField("저장 위치", max_length=300, blank=True, editable=False)
    file_count = models.PositiveIntegerField("파일 수", default=0, editable=False)
    uncompressed_bytes = models.BigIntegerField("압축 해제 용량(바이트)", default=0, editable=False)
    status = models.CharField(
        "상태", max_length=16, choices=PackageStatus.choices, default=PackageStatus.PENDING, editable=False
    )
    error_message = models.TextField("실패 사유", blank=True, editable=False)
    created_at = models.DateTimeField("등록일", auto_now_add=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)

    search_fields = [index.SearchField("title"), index.FilterField("status")]

    class Meta:
        verbose_name = "SCORM 패키지"
        verbose_name_plural = "SCORM 패키지"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_ready(self):
        return self.status == PackageStatus.READY

    @property
    def sco_ids(self):
        """The identifiers of the SCOs a learner works through, when the package has several; else []."""
        launchable = [item["id"] for item in self.items if item["href"]]
        return launchable if len(launchable) > 1 else []


class ScormAttempt(models.Model):
    """The CMI data of one learner on one SCO of a SCORM lesson page; statuses never move back once complete.

    `sco` is the SCO's item identifier in a package of several SCOs, empty in a package of one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts", verbose_name="학습자"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="scorm_attempts", verbose_name="차시"
    )
    package = models.ForeignKey(
        ScormPackage, null=True, on_delete=models.SET_NULL, related_name="attempts", verbose_name="SCORM 패키지"
    )
    sco = models.CharField("SCO", max_length=200, blank=True)
    version = models.CharField("SCORM 버전", max_length=8, choices=ScormVersion.choices)
    lesson_status = models.CharField("학습 상태(1.2)", max_length=20, blank=True)
    completion_status = models.CharField("완료 상태(2004)", max_length=20, blank=True)
    success_status = models.CharField("성공 상태(2004)", max_length=20, blank=True)
    score_raw = models.FloatField("점수", null=True, blank=True)
    score_scaled = models.FloatField("환산 점수", null=True, blank=True)
    suspend_data = models.TextField("중단 데이터", blank=True)
    location = models.CharField("위치", max_length=1000, blank=True)
    exit = models.CharField("종료 방식", max_length=20, blank=True)
    # What the SCO reports about time is its claim, kept and shown as such; the time credited is
    # measured by the server (ScormSession, lms.records LearningState.verified_seconds).
    session_time = models.CharField("SCO 보고 최근 세션 시간", max_length=40, blank=True)
    total_seconds = models.FloatField("SCO 보고 시간(초)", default=0)
    credited_until = models.DateTimeField(
        "학습 시간 인정 시점", null=True, blank=True, help_text="이 시각까지의 학습 시간은 이미 인정했습니다(세션이 겹쳐도 한 번만)."
    )
    cmi = models.JSONField("CMI 데이터", default=dict, blank=True)
    commit_count = models.PositiveIntegerField("저장 횟수", default=0)
    completed_at = models.DateTimeField("완료 일시", null=True, blank=True)
    created_at = models.DateTimeField("시작 일시", auto_now_add=True)
    updated_at = models.DateTimeField("최근 저장", auto_now=True)

    class Meta:
        verbose_name = "SCORM 학습 기록"
        verbose_name_plural = "SCORM 학습 기록"
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "sco"], name="unique_scorm_attempt_per_user_page_sco")
        ]

    def __str__(self):
        return f"{self.user} · {self.page_id}" + (f" · {self.sco}" if self.sco else "")


class ScormSession(models.Model):
    """One launch the server issued (access.launch_token), recorded by the first commit that carries it.

    The launch time is the token's issue time, signed by the server; the time credited to the learner is
    the wall-clock time between it and the commits received, at most SCORM_SESSION_CAP_SECONDS. It does
    not depend on how the package's files are served.
    """

    launch_id = models.UUIDField("실행 ID", unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_sessions", verbose_name="학습자"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="scorm_sessions", verbose_name="차시"
    )
    launched_at = models.DateTimeField("실행 시각")
    last_commit_at = models.DateTimeField("최근 저장")
    commit_count = models.PositiveIntegerField("저장 횟수", default=0)
    credited_seconds = models.FloatField("인정 학습 시간(초)", default=0)
    sco_session_time = models.CharField("SCO 보고 세션 시간", max_length=40, blank=True)

    class Meta:
        verbose_name = "SCORM 학습 세션"
        verbose_name_plural = "SCORM 학습 세션"
        ordering = ["-launched_at"]

    def __str__(self):
        return f"{self.user} · {self.page_id} · {self.launched_at:%Y-%m-%d %H:%M}"
