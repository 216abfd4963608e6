from django import forms
from django.utils import timezone

from .models import RuleSet


class CopyRuleSetForm(forms.Form):
    source = forms.ModelChoiceField(
        label="복사할 기준", queryset=RuleSet.objects.all(), empty_label=None,
        error_messages={"invalid_choice": "복사할 기준을 고르세요."},
    )
    evaluation_year = forms.IntegerField(
        label="새 평가 연도", min_value=2000, max_value=2100,
        error_messages={"required": "새 평가 연도를 입력하세요.", "min_value": "연도를 확인하세요.", "max_value": "연도를 확인하세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = RuleSet.objects.order_by("-evaluation_year").first()
        self.fields["evaluation_year"].initial = max(timezone.localdate().year, latest.evaluation_year + 1) if latest else timezone.localdate().year

    def clean_evaluation_year(self):
        year = self.cleaned_data["evaluation_year"]
        if RuleSet.objects.filter(evaluation_year=year).exists():
            raise forms.ValidationError(f"{year}년 가점 기준이 이미 있습니다. 목록에서 그 기준을 고치세요.")
        return year
