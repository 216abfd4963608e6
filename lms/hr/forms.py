from django import forms
from django.utils import timezone

from . import selectors
from .models import ExportFormat, ExportReport
from .services import clean_purpose

YEARS_BACK = 5


def year_choices():
    this_year = timezone.localdate().year
    return [(year, f"{year}년") for year in range(this_year, this_year - YEARS_BACK - 1, -1)]


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, department):
        return "\u00a0\u00a0" * (department.depth - 1) + department.name


class PurposeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label="사용 목적",
            max_length=200,
            help_text="누가 왜 내려받는지 개인정보 내보내기 기록에 남습니다(예: 2026년 상시학습 실적 평가 제출).",
            error_messages={"required": "사용 목적을 입력해 주세요. 개인정보 내보내기 기록에 남습니다.",
                            "max_length": "사용 목적은 200자 이내로 적어 주세요."},
            **kwargs,
        )

    def clean(self, value):
        return clean_purpose(super().clean(value))


class IncludeEmailField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(
            label="이메일 포함",
            required=False,
            help_text="꼭 필요할 때만 체크하세요. 기본으로는 이메일을 내보내지 않으며, 포함 여부는 기록에 남습니다.",
            **kwargs,
        )


class ExportForm(forms.Form):
    """Filters of a department export. The department list holds only what the user may export."""

    report = forms.ChoiceField(
        label="자료", choices=[(ExportReport.SUMMARY, ExportReport.SUMMARY.label), (ExportReport.DETAIL, ExportReport.DETAIL.label)],
        initial=ExportReport.SUMMARY, widget=forms.RadioSelect,
    )
    year = forms.TypedChoiceField(label="평가 연도", coerce=int, choices=year_choices, error_messages={
        "invalid_choice": "선택할 수 없는 연도입니다."})
    department = DepartmentChoiceField(
        label="부서(하위 부서 포함)", queryset=None, required=False,
        error_messages={"invalid_choice": "담당 범위 밖의 부서입니다. 목록에서 선택해 주세요."},
    )
    kinds = forms.MultipleChoiceField(
        label="학습유형", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="아무것도 고르지 않으면 모든 유형을 내보냅니다.",
        error_messages={"invalid_choice": "알 수 없는 학습유형입니다."},
    )
    reference_date = forms.DateField(
        label="기준일(달성현황)", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="달성현황은 이 날 선택한 부서(하위 포함)에 소속된 직원을 모두, 이수가 없어도 0시간으로 싣고 부서·직급도 "
                  "이 날의 것을 씁니다. 비워 두면 올해는 오늘, 지난 해는 12월 31일입니다. 인정시간은 그 부서에 소속되어 "
                  "있을 때 이수한 시간입니다. 그해 이수했지만 기준일에 소속이 아닌 직원은 이수 상세에만 나오고, "
                  "달성현황 끝에 그 인원을 적습니다.",
        error_messages={"invalid": "기준일을 2026-12-31처럼 입력해 주세요."},
    )
    file_format = forms.ChoiceField(label="파일 형식", choices=ExportFormat.choices, initial=ExportFormat.XLSX,
                                    widget=forms.RadioSelect)
    include_email = IncludeEmailField()
    purpose = PurposeField()

    def clean_reference_date(self):
        day = self.cleaned_data["reference_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("기준일은 오늘이나 그 전이어야 합니다(명단 이력은 오늘까지만 있습니다).")
        return day

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.export_departments_for(user)
        if selectors.record_scope(user, permission=selectors.EXPORT_PERMISSION) is not selectors.ALL_DEPARTMENTS:
            self.fields["department"].empty_label = "담당 부서 전체"
        else:
            self.fields["department"].empty_label = "전체 부서"
        self.fields["kinds"].choices = [(kind.key, kind.label) for kind in selectors.chosen_kinds(())]
        self.fields["year"].initial = timezone.localdate().year


class PersonExportForm(forms.Form):
    """One person's record, from their record page."""

    year = forms.TypedChoiceField(label="평가 연도", coerce=int, choices=year_choices)
    file_format = forms.ChoiceField(label="파일 형식", choices=ExportFormat.choices, initial=ExportFormat.XLSX,
                                    widget=forms.RadioSelect)
    include_email = IncludeEmailField()
    purpose = PurposeField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
