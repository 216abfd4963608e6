from django import forms
from django.utils import timezone

from lms.hr.forms import PurposeField
from lms.hr.models import ExportFormat
from lms.people.selectors import ALL_DEPARTMENTS

from .attributions import ATTRIBUTIONS
from .blocks import counted_category_choices
from .models import RuleSet
from .selectors import Counted, department_rates, live_category_kinds


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


SPLITS = {
    "": "전체",
    "hq": "본청",
    "field": "사업소",
    "high": "고강도 민원접점",
    "ordinary": "일반",
}
SORTS = {"tree": "부서 순서", "rate_desc": "이수율 높은 순", "rate_asc": "이수율 낮은 순", "staff_desc": "인원 많은 순"}


def counted_choices(year):
    """What the rates can count: this year's rule items (as HR defined 이수 for them), then every
    group of kinds and every single kind the apps registered."""
    from lms.records.registry import learnable_kinds

    choices = []
    rule_set = RuleSet.objects.filter(evaluation_year=year).first()
    if rule_set is not None:
        items = [(f"item:{index}", f"가점 항목: {block.value['name']}") for index, block in enumerate(rule_set.items)]
        if items:
            choices.append(("가점 항목", items))
    kinds = learnable_kinds()
    groups = sorted({kind.group_label for kind in kinds if kind.group_label})
    if groups:
        choices.append(("학습 묶음", [(f"group:{label}", f"{label} 전체") for label in groups]))
    choices.append(("학습 종류", [(f"kind:{kind.key}", kind.label) for kind in kinds]))
    categories = counted_category_choices()
    if categories:
        choices.append(("분류", [(f"category:{category}", label) for category, label in categories]))
    return choices


SORT_KEYS = {
    "rate_desc": lambda rate: (rate.total.rate is None, -(rate.total.rate or 0)),
    "rate_asc": lambda rate: (rate.total.rate is None, rate.total.rate or 0),
    "staff_desc": lambda rate: -rate.total.staff,
}
SPLIT_TESTS = {
    "hq": lambda rate: not rate.field_office,
    "field": lambda rate: rate.field_office,
    "high": lambda rate: rate.high_intensity,
    "ordinary": lambda rate: not rate.high_intensity,
}


class RatesFilterForm(forms.Form):
    year = forms.IntegerField(label="평가 연도", min_value=2000, max_value=2100)
    reference_date = forms.DateField(label="기준일", widget=forms.DateInput(attrs={"type": "date"}))
    counted = forms.ChoiceField(label="집계 대상")
    # A rule item brings its own minimum; this one applies to kinds and groups.
    minimum = forms.IntegerField(label="최소 완료 수(종류·묶음)", min_value=1, max_value=1000, required=False)
    attribution = forms.ChoiceField(label="소속 기준", choices=list(ATTRIBUTIONS.items()))
    split = forms.ChoiceField(label="구분", choices=list(SPLITS.items()), required=False)
    sort = forms.ChoiceField(label="정렬", choices=list(SORTS.items()), required=False)

    def __init__(self, query, **kwargs):
        """Bound to the query string, with every missing or blank parameter taken from the defaults."""
        today = timezone.localdate()
        data = {"year": str(today.year), "reference_date": today.isoformat(), "attribution": "reference_date",
                "split": "", "sort": "tree", "minimum": "1"}
        data.update({key: value for key, value in query.items() if value})
        year = int(data["year"]) if data["year"].isdigit() else today.year
        choices = counted_choices(year)
        data.setdefault("counted", choices[0][1][0][0] if choices and choices[0][1] else "")
        super().__init__(data, **kwargs)
        self.fields["counted"].choices = choices

    def clean(self):
        cleaned = super().clean()
        year, reference_date = cleaned.get("year"), cleaned.get("reference_date")
        if year and reference_date and reference_date.year not in (year, year + 1):
            self.add_error("reference_date", "기준일은 평가 연도 안이나 그다음 해 초여야 합니다.")
        return cleaned

    def counted_definition(self):
        """(kinds, {kind: categories} narrowing them, minimum completions, label) that the chosen option stands for."""
        from lms.records.registry import completion_categories, learnable_kinds

        choice = self.cleaned_data["counted"]
        prefix, _, value = choice.partition(":")
        minimum = self.cleaned_data.get("minimum") or 1
        if prefix == "item":
            rule_set = RuleSet.objects.get(evaluation_year=self.cleaned_data["year"])
            item = rule_set.items[int(value)].value
            counted = Counted.of_item(item, category_kinds=live_category_kinds())
            return list(counted.kinds), counted.narrowed, item["minimum_completions"], item["name"]
        if prefix == "group":
            return [kind.key for kind in learnable_kinds() if kind.group_label == value], {}, minimum, f"{value} 전체"
        if prefix == "category":
            kind = completion_categories()[value][0]
            return [kind], {kind: [value]}, minimum, dict(counted_category_choices())[value]
        return [value], {}, minimum, dict((kind.key, kind.label) for kind in learnable_kinds()).get(value, value)


    def scoped_rates(self, scope):
        """(the RateTable, its rows within `scope` as filtered and sorted): what the dashboard shows and
        its export holds. A valid form only."""
        data = self.cleaned_data
        kinds, categories, minimum, _label = self.counted_definition()
        table = department_rates(
            year=data["year"], reference_date=data["reference_date"], kinds=kinds, categories=categories,
            minimum_completions=minimum, attribution=data["attribution"],
        )
        rates = [rate for rate in table.departments if scope is ALL_DEPARTMENTS or rate.path.startswith(scope.path)]
        if data["split"]:
            rates = [rate for rate in rates if SPLIT_TESTS[data["split"]](rate)]
        if data["sort"] in SORT_KEYS:
            rates = sorted(rates, key=SORT_KEYS[data["sort"]])
        return table, rates


class RatesExportForm(forms.Form):
    file_format = forms.ChoiceField(label="파일 형식", choices=ExportFormat.choices, initial=ExportFormat.XLSX,
                                    widget=forms.RadioSelect)
    purpose = PurposeField()


class FrozenResultExportForm(forms.Form):
    purpose = PurposeField()


class FreezeForm(forms.Form):
    reference_date = forms.DateField(
        label="기준일", widget=forms.DateInput(attrs={"type": "date"}), help_text="이날의 부서 소속으로 인원을 셉니다."
    )
    confirm = forms.BooleanField(
        label="확정하면 고칠 수 없다는 것을 확인했습니다.",
        error_messages={"required": "확정하려면 확인란을 선택하세요."},
    )

    def __init__(self, *args, rule_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule_set = rule_set
        self.fields["reference_date"].initial = min(timezone.localdate(), timezone.datetime(rule_set.evaluation_year, 12, 31).date())

    def clean_reference_date(self):
        day = self.cleaned_data["reference_date"]
        if day.year not in (self.rule_set.evaluation_year, self.rule_set.evaluation_year + 1):
            raise forms.ValidationError("기준일은 평가 연도 안이나 그다음 해 초여야 합니다.")
        return day


class WhatIfForm(forms.Form):
    reference_date = forms.DateField(label="기준일", widget=forms.DateInput(attrs={"type": "date"}))
