from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.widgets import AdminSnippetChooser

from .history import HistoryConflict, histories_by_username, record_placement, step_to
from .models import Department
from .roster import FUTURE_DATE_MESSAGE
from .services import CYCLE_MESSAGE, create_department, update_department

ROSTER_EXTENSIONS = {".csv", ".txt", ".xlsx"}
ROSTER_MAX_BYTES = 20 * 1024 * 1024
DEPARTMENT_FIELDS = ["code", "name", "kind", "high_intensity", "is_active"]


class DepartmentForm(WagtailAdminModelForm):
    """Places the department in the tree through treebeard instead of saving a bare row."""

    parent = forms.ModelChoiceField(
        queryset=Department.objects.all(),
        required=False,
        label="상위 부서",
        help_text="비워 두면 최상위 부서가 됩니다.",
        widget=AdminSnippetChooser(Department),
        error_messages={"invalid_choice": "존재하지 않는 상위 부서입니다. 목록에서 다시 선택해 주세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("parent", self.instance.get_parent())

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Department.objects.filter(code__iexact=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"이미 사용 중인 부서코드입니다: {code}", code="duplicate_code")
        return code

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            raise ValidationError(CYCLE_MESSAGE, code="cycle")
        return parent

    def save(self, commit=True):
        parent = self.cleaned_data["parent"]
        if self.instance.pk:
            self.instance = update_department(self.instance, parent=parent)
        else:
            self.instance = create_department(
                parent=parent, **{name: getattr(self.instance, name) for name in DEPARTMENT_FIELDS}
            )
        return self.instance


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="명단 파일",
        help_text=(
            "CSV(UTF-8 또는 Excel의 CP949/EUC-KR) 또는 XLSX 파일. 첫 줄에 직원번호, 성명, 부서코드, "
            "직급, 이메일 열 이름이 있어야 합니다."
        ),
        error_messages={"required": "명단 파일을 선택해 주세요.", "empty": "빈 파일입니다."},
    )
    full_import = forms.BooleanField(
        label="전체 명단",
        required=False,
        help_text="체크하면 파일에 없는 직원은 비활성화됩니다(삭제되지 않으며 학습 기록은 남습니다).",
    )
    reference_date = forms.DateField(
        label="기준일",
        required=False,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=(
            "명단이 나타내는 날짜입니다. 전보·직급 변경·신규·퇴직이 이 날짜로 부서 이력에 기록됩니다. "
            "비워 두면 오늘입니다. 오늘 이후 날짜는 선택할 수 없고, 지난 날짜의 명단은 그 이후의 이력을 바꾸지 않습니다."
        ),
        error_messages={"invalid": "기준일을 YYYY-MM-DD 형식으로 입력해 주세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_reference_date(self):
        day = self.cleaned_data["reference_date"] or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError(FUTURE_DATE_MESSAGE, code="future")
        return day

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension == ".xls":
            raise ValidationError("예전 Excel 형식(.xls)은 읽을 수 없습니다. XLSX 또는 CSV로 저장해 주세요.")
        if extension not in ROSTER_EXTENSIONS:
            raise ValidationError("CSV 또는 XLSX 파일만 올릴 수 있습니다.")
        if upload.size > ROSTER_MAX_BYTES:
            raise ValidationError("파일이 너무 큽니다(20MB 이하).")
        return upload


class StaffProfileForm(WagtailAdminModelForm):
    """HR's edit of a profile: a new department or rank is a move as of today in the roster's history."""

    PLACEMENT_FIELDS = {"department", "rank"}

    def moves(self):
        return bool(self.PLACEMENT_FIELDS & set(self.changed_data))

    def clean(self):
        cleaned = super().clean()
        if self.moves() and cleaned.get("department") and not self.errors:
            user = self.instance.user
            try:
                step_to(
                    histories_by_username([user.username]).get(user.username, []),
                    department_code=cleaned["department"].code,
                    rank=cleaned.get("rank", ""),
                    day=timezone.localdate(),
                )
            except HistoryConflict as conflict:
                raise ValidationError(str(conflict), code="history") from conflict
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=commit)
        if commit and self.moves():
            record_placement(user=profile.user, department=profile.department, rank=profile.rank, on=timezone.localdate())
        return profile
