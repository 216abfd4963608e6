from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from .models import Session

UPLOAD_EXTENSIONS = {".csv", ".txt", ".xlsx"}
UPLOAD_MAX_BYTES = 20 * 1024 * 1024


class ImportFileField(forms.FileField):
    """A CSV or XLSX file as HR's spreadsheets save it (lms/people/tabular.py reads it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "파일을 선택해 주세요.", "empty": "빈 파일입니다."})
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        extension = Path(upload.name).suffix.lower()
        if extension == ".xls":
            raise ValidationError("예전 Excel 형식(.xls)은 읽을 수 없습니다. XLSX 또는 CSV로 저장해 주세요.")
        if extension not in UPLOAD_EXTENSIONS:
            raise ValidationError("CSV 또는 XLSX 파일만 올릴 수 있습니다.")
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError("파일이 너무 큽니다(20MB 이하).")
        return upload


class AttendanceUploadForm(forms.Form):
    session = forms.ModelChoiceField(
        label="교육 회차",
        queryset=Session.objects.select_related("programme").order_by("-starts_at"),
        error_messages={"required": "교육 회차를 선택해 주세요.", "invalid_choice": "없는 회차입니다. 다시 선택해 주세요."},
    )
    file = ImportFileField(
        label="출석 파일",
        help_text="CSV(UTF-8 또는 Excel의 CP949/EUC-KR) 또는 XLSX. 첫 줄에 직원번호 열이 있어야 하고, "
        "출석일 열이 있으면 날짜가 교육 기간 안인지 확인합니다.",
    )


class CompletionUploadForm(forms.Form):
    file = ImportFileField(
        label="이수 기록 파일",
        help_text="인재개발원 LMS 등에서 내려받은 CSV 또는 XLSX. 첫 줄에 직원번호, 과정명, 과정코드, 인정시간과 "
        "이수일(또는 교육기간) 열이 있어야 합니다. 학습유형 열은 있으면 함께 기록합니다.",
    )
