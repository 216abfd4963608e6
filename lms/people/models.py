"""Organisation (department tree) and staff.

Departments form a materialized-path tree (django-treebeard, which Wagtail ships) so that
"this department and everything under it" is one indexed prefix query; later completion-rate
rollups rely on that.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from treebeard.mp_tree import MP_Node

from lms.storage import private_storage
from lms.uploads import StoredUpload


class DepartmentKind(models.TextChoices):
    AGENCY = "기관", "기관"
    BUREAU = "실국", "실국"
    DIVISION = "부서", "부서"
    TEAM = "팀", "팀"
    FIELD_OFFICE = "사업소", "사업소"


class Department(MP_Node):
    code = models.CharField("부서코드", max_length=32, unique=True)
    name = models.CharField("부서명", max_length=100)
    kind = models.CharField("구분", max_length=8, choices=DepartmentKind.choices)
    high_intensity = models.BooleanField(
        "고강도 민원접점 부서", default=False, help_text="민원실·수도사업소·소방서처럼 민원 응대 강도가 높은 부서"
    )
    is_active = models.BooleanField("사용", default=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = "부서"
        verbose_name_plural = "부서"

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def parent_department(self):
        return self.get_parent()

    def subtree(self):
        """This department and every department below it."""
        return Department.objects.filter(path__startswith=self.path)


class User(AbstractUser):
    """A member of staff. `username` holds the 직원번호 (employee number) used to log in."""

    username = models.CharField(
        "직원번호",
        max_length=32,
        unique=True,
        error_messages={"unique": "이미 등록된 직원번호입니다."},
    )
    name = models.CharField("성명", max_length=50, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "사용자"
        verbose_name_plural = "사용자"

    def save(self, *args, **kwargs):
        # Wagtail's admin calls people by first_name (the sidebar's account menu), which would otherwise
        # be empty and show the 직원번호: it mirrors 성명, which the roster owns.
        self.first_name = self.name[:150]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "first_name"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.name or self.username

    def get_short_name(self):
        return self.name or self.username

    def __str__(self):
        return f"{self.name} ({self.username})" if self.name else self.username

    @property
    def employee_number(self):
        return self.username


class StaffProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile", verbose_name="사용자")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="staff", verbose_name="부서"
    )
    rank = models.CharField("직급", max_length=30, blank=True)
    active_from = models.DateField("재직 시작일", null=True, blank=True)
    active_until = models.DateField(
        "비활성화일", null=True, blank=True, help_text="명단에서 빠져 비활성화된 날짜. 학습 기록은 보존됩니다."
    )
    managed_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managers",
        verbose_name="담당 부서(부서 담당자)",
        help_text="부서 담당자는 이 부서와 하위 부서의 직원만 볼 수 있습니다.",
    )

    class Meta:
        verbose_name = "직원 정보"
        verbose_name_plural = "직원 정보"
        permissions = [
            ("view_all_staff", "모든 부서의 직원 명단 보기"),
            ("import_roster", "직원 명단 가져오기"),
        ]

    def __str__(self):
        return f"{self.user} · {self.department.name}"


class RosterUpload(StoredUpload):
    """A roster file kept between its dry-run preview and its application (lms/uploads.py)."""

    file = models.FileField("명단 파일", upload_to="roster-uploads/", storage=private_storage, blank=True)
    full_import = models.BooleanField("전체 명단", default=False)
    reference_date = models.DateField(
        "기준일", default=timezone.localdate, help_text="명단이 나타내는 날짜. 전보·퇴직·신규 이력이 이 날짜로 기록됩니다."
    )

    class Meta:
        verbose_name = "직원 명단 업로드"
        verbose_name_plural = "직원 명단 업로드"
        default_permissions = ()


class Membership(models.Model):
    """Where a person belonged, and at which rank, from one date until another: the roster's history.

    The period is half-open, [valid_from, valid_until): a transfer on day D ends the old membership
    with valid_until = D and starts the new one with valid_from = D, so on D the person is in exactly
    one place (the new one) and consecutive memberships share their boundary date without overlapping.
    valid_until is empty while the membership lasts. Invariants, enforced by the database where it can:
    a membership lasts at least a day; a person has at most one open membership; no two memberships of
    one person overlap (a PostgreSQL exclusion constraint, added by migration 0006; the roster import
    plans around it on every database). Written only by the roster import and the staff admin
    (lms/people/history.py); read through lms/people/selectors.py.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name="직원")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="memberships", verbose_name="부서"
    )
    rank = models.CharField("직급", max_length=30, blank=True)
    valid_from = models.DateField("시작일")
    valid_until = models.DateField("종료일", null=True, blank=True, help_text="이 날부터는 소속이 아닙니다. 비어 있으면 현재 소속입니다.")
    upload = models.ForeignKey(
        RosterUpload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opened_memberships",
        verbose_name="시작한 명단",
    )
    closed_by_upload = models.ForeignKey(
        RosterUpload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_memberships",
        verbose_name="종료한 명단",
    )

    class Meta:
        verbose_name = "부서 이력"
        verbose_name_plural = "부서 이력"
        ordering = ["user", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(valid_until__isnull=True), name="one_open_membership_per_person"
            ),
            models.UniqueConstraint(fields=["user", "valid_from"], name="one_membership_start_per_person_and_day"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=models.F("valid_from")),
                name="membership_lasts_at_least_a_day",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "valid_from"], name="membership_department_from"),
            models.Index(fields=["user", "valid_until"], name="membership_user_until"),
        ]

    def __str__(self):
        until = self.valid_until.isoformat() if self.valid_until else ""
        return f"{self.user} · {self.department.name} · {self.valid_from.isoformat()}~{until}"

    def covers(self, day):
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)
