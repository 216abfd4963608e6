"""Offline programmes (집합·방문 교육): programmes, their sessions, applications, attendance, and the
files HR imports (attendance lists and completions from other systems such as the 인재개발원 LMS).

Attendance and imported rows are the evidence of completion records, which `lms/records` owns; this
app writes them only through `lms.records.services`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from lms.people.models import Department
from lms.storage import private_storage
from lms.uploads import StoredUpload


def current_year():
    return timezone.localdate().year


class ProgrammeKind(models.Model):
    """A kind of programme in the plan (감정노동 힐링 프로그램, 찾아가는 맞춤형 친절교육 …); HR adds more."""

    name = models.CharField("종류", max_length=100, unique=True)
    visiting = models.BooleanField(
        "방문 교육", default=False, help_text="강사가 부서를 찾아가는 교육이면 회차마다 방문 부서를 적습니다."
    )
    sort_order = models.PositiveSmallIntegerField("표시 순서", default=100)

    class Meta:
        verbose_name = "교육 종류"
        verbose_name_plural = "교육 종류"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def category_key(self):
        """The completion records' category of this kind's sessions (what a bonus rule can count)."""
        return f"programme_kind:{self.pk}"


class Audience(models.TextChoices):
    HIGH_INTENSITY = "high_intensity", "고강도 민원접점 부서"
    GENERAL = "general", "일반 부서"
    ALL = "all", "전 부서"
    CHOSEN = "chosen", "지정 부서"


class InstructorType(models.TextChoices):
    INTERNAL = "internal", "자체 강사"
    EXTERNAL = "external", "외부 강사"


class Programme(models.Model):
    title = models.CharField("프로그램명", max_length=200)
    kind = models.ForeignKey(ProgrammeKind, on_delete=models.PROTECT, related_name="programmes", verbose_name="종류")
    year = models.PositiveSmallIntegerField("연도", default=current_year)
    description = models.TextField("내용", blank=True)
    audience = models.CharField("교육 대상", max_length=20, choices=Audience.choices, default=Audience.ALL)
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="+",
        verbose_name="지정 부서",
        help_text="교육 대상이 '지정 부서'일 때 신청할 수 있는 부서(하위 부서 포함).",
    )
    instructor_type = models.CharField(
        "강사 구분", max_length=10, choices=InstructorType.choices, default=InstructorType.INTERNAL
    )
    instructor = models.CharField("강사", max_length=200, blank=True)
    organiser = models.CharField("운영 부서·기관", max_length=100, blank=True)
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)

    class Meta:
        verbose_name = "집합교육 프로그램"
        verbose_name_plural = "집합교육 프로그램"
        ordering = ["-year", "kind__sort_order", "title"]
        permissions = [
            ("manage_attendance", "집합교육 출석 기록(현장 확인·파일 가져오기)"),
            ("import_completions", "외부 이수 기록 가져오기"),
            ("view_all_programmes", "모든 부서의 집합교육 신청·출석 보기"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def group_key(self):
        return f"offline_programme:{self.pk}"


class Session(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions", verbose_name="프로그램")
    label = models.CharField("회차", max_length=100, help_text="예: 1회차, 3기, 상반기")
    starts_at = models.DateTimeField("시작 일시")
    ends_at = models.DateTimeField("종료 일시")
    place = models.CharField("장소", max_length=200)
    capacity = models.PositiveIntegerField("정원", validators=[MinValueValidator(1)])
    hours = models.DecimalField(
        "인정 시간", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)], help_text="출석하면 인정되는 학습시간"
    )
    visited_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="방문 부서",
        help_text="찾아가는 교육·원포인트레슨처럼 부서를 방문하는 회차",
    )
    open_for_application = models.BooleanField(
        "신청 받기", default=True, help_text="끄면 직원 화면에 보이지 않습니다(방문 교육처럼 신청 없이 출석만 기록할 때)."
    )
    registration_required = models.BooleanField(
        "신청자만 출석 인정", default=True, help_text="끄면 신청하지 않은 직원의 출석도 기록합니다(방문 교육)."
    )

    class Meta:
        verbose_name = "교육 회차"
        verbose_name_plural = "교육 회차"
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.programme.title} {self.label} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "종료 일시가 시작 일시보다 앞설 수 없습니다."})

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        return timezone.localtime(self.ends_at).date()

    @property
    def title(self):
        """The completion record's title (a snapshot, so renaming the programme later keeps it)."""
        return f"{self.programme.title} {self.label}"


class RegistrationStatus(models.TextChoices):
    APPLIED = "applied", "신청(확정 대기)"
    CONFIRMED = "confirmed", "확정"
    WAITLISTED = "waitlisted", "대기"
    CANCELLED = "cancelled", "취소"


HOLDS_A_PLACE = [RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED]


class Registration(models.Model):
    """A person's application for a session; a place is held while it is applied or confirmed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations", verbose_name="회차")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_registrations", verbose_name="직원"
    )
    status = models.CharField("상태", max_length=12, choices=RegistrationStatus.choices)
    applied_at = models.DateTimeField("신청 시각", default=timezone.now)
    changed_at = models.DateTimeField("상태 변경 시각", auto_now=True)

    class Meta:
        verbose_name = "교육 신청"
        verbose_name_plural = "교육 신청"
        ordering = ["session", "applied_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_registration_per_session")]

    def __str__(self):
        return f"{self.user} · {self.session} · {self.get_status_display()}"


class AttendanceMethod(models.TextChoices):
    CHECK_IN = "check_in", "현장 확인"
    IMPORT = "import", "파일 가져오기"


class Attendance(models.Model):
    """A person attended a session: the evidence of their completion record (kind offline_session)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances", verbose_name="회차")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_attendances", verbose_name="직원"
    )
    attended_on = models.DateField("출석일")
    method = models.CharField("기록 방법", max_length=10, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="기록한 사람"
    )
    upload = models.ForeignKey(
        "ImportUpload", on_delete=models.PROTECT, null=True, blank=True, related_name="attendances", verbose_name="가져온 파일"
    )
    row_number = models.PositiveIntegerField("파일의 행", null=True, blank=True)
    recorded_at = models.DateTimeField("기록 시각", auto_now_add=True)

    class Meta:
        verbose_name = "출석"
        verbose_name_plural = "출석"
        ordering = ["session", "user__username"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_attendance_per_session")]

    def __str__(self):
        return f"{self.user} · {self.session}"


class ImportKind(models.TextChoices):
    ATTENDANCE = "attendance", "출석 파일"
    COMPLETIONS = "completions", "외부 이수 기록"


class ImportUpload(StoredUpload):
    """An attendance file (for one session) or a file of completions from another system."""

    kind = models.CharField("종류", max_length=12, choices=ImportKind.choices)
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="uploads", verbose_name="회차"
    )
    file = models.FileField("파일", upload_to="programme-uploads/", storage=private_storage, blank=True)

    class Meta:
        verbose_name = "가져온 파일"
        verbose_name_plural = "가져온 파일"
        default_permissions = ()


class ImportedCompletionRow(models.Model):
    """One row of an imported completions file, kept as the evidence of its completion record."""

    upload = models.ForeignKey(ImportUpload, on_delete=models.PROTECT, related_name="completion_rows", verbose_name="가져온 파일")
    row_number = models.PositiveIntegerField("행")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="imported_completion_rows", verbose_name="직원"
    )
    course_code = models.CharField("과정코드", max_length=100)
    course_title = models.CharField("과정명", max_length=255)
    learning_type = models.CharField("학습유형", max_length=50, blank=True)
    period = models.CharField("교육기간", max_length=100, blank=True)
    completed_on = models.DateField("이수일")
    hours = models.DecimalField("인정시간", max_digits=6, decimal_places=2)
    values = models.JSONField("원래 값", default=dict)

    class Meta:
        verbose_name = "가져온 이수 기록"
        verbose_name_plural = "가져온 이수 기록"
        ordering = ["upload", "row_number"]

    def __str__(self):
        return f"{self.user} · {self.course_title} ({self.completed_on})"
