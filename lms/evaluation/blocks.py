"""The blocks a bonus-point rule set is written in: items, each with its metric and its scoring.

Validation lives here so that every mistake is reported, in Korean, on the field the editor typed
it in (Wagtail shows a block's errors beside the block)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from lms.records.registry import completion_categories, learnable_kinds


class Metric:
    COMPLETERS = "completers"
    COMPLETION_SHARE = "completion_share"
    SESSIONS_HELD = "sessions_held"
    PARTICIPANTS = "participants"
    CAMPAIGN_PARTICIPATION = "campaign_participation"

    CHOICES = [
        (COMPLETERS, "이수 인원(명)"),
        (COMPLETION_SHARE, "이수 비율(부서 인원 중 %)"),
        (SESSIONS_HELD, "교육 실시 횟수(회)"),
        (PARTICIPANTS, "프로그램 참여 인원(명)"),
        (CAMPAIGN_PARTICIPATION, "캠페인 참여 인원(명)"),
    ]
    LABELS = dict(CHOICES)
    UNITS = {COMPLETERS: "명", COMPLETION_SHARE: "%", SESSIONS_HELD: "회", PARTICIPANTS: "명", CAMPAIGN_PARTICIPATION: "명"}


class Scoring:
    BANDS = "bands"
    PER_UNIT = "per_unit"

    CHOICES = [(BANDS, "구간별 점수"), (PER_UNIT, "단위당 점수(상한까지)")]


def counted_kind_choices():
    """What an item can count: every kind of learning the apps register with the records."""
    return [(kind.key, kind.label) for kind in learnable_kinds()]


def counted_category_choices():
    """What an item can narrow its kinds to: every category the apps describe (e.g. a programme kind),
    labelled with its kind; read live, so a programme kind HR adds appears at once."""
    labels = {kind.key: kind.label for kind in learnable_kinds()}
    return [
        (category, f"{labels.get(kind, kind)}: {label}") for category, (kind, label) in completion_categories().items()
    ]


def _number(value):
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


class BandBlock(blocks.StructBlock):
    lower = blocks.DecimalBlock(label="이상", min_value=0, decimal_places=2)
    upper = blocks.DecimalBlock(
        label="미만", required=False, min_value=0, decimal_places=2, help_text="비워 두면 상한 없음"
    )
    points = blocks.DecimalBlock(label="점수", min_value=0, decimal_places=2)

    class Meta:
        label = "구간"
        icon = "list-ol"


class RuleItemBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="항목명", max_length=100, help_text="예: 이러닝 및 U-지식여행 이수 비율")
    metric = blocks.ChoiceBlock(label="실적 지표", choices=Metric.CHOICES)
    counted_kinds = blocks.MultipleChoiceBlock(
        label="집계할 학습", choices=counted_kind_choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    counted_categories = blocks.MultipleChoiceBlock(
        label="집계할 분류",
        choices=counted_category_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="고르면 그 분류의 학습 종류는 고른 분류만 셉니다(예: 집합교육 중 감정노동 힐링 프로그램만). "
        "고르지 않은 종류는 모두 셉니다.",
    )
    minimum_completions = blocks.IntegerBlock(
        label="이수로 인정할 최소 완료 수",
        default=1,
        min_value=1,
        help_text="한 사람이 그해 이만큼 완료해야 이수자로 셉니다(예: U-지식여행 5편 이상).",
    )
    scoring = blocks.ChoiceBlock(label="점수 방식", choices=Scoring.CHOICES, default=Scoring.BANDS)
    bands = blocks.ListBlock(BandBlock(), label="구간", required=False, min_num=0)
    points_per_unit = blocks.DecimalBlock(
        label="단위당 점수", required=False, min_value=0, decimal_places=3, help_text="단위당 점수 방식에서만 씁니다."
    )
    cap = blocks.DecimalBlock(label="항목 상한(점)", min_value=0, decimal_places=2)

    class Meta:
        label = "가점 항목"
        icon = "pick"

    def clean(self, value):
        value = super().clean(value)
        # Wagtail defers "required" when a draft is saved, but what-if computes with drafts: a rule
        # missing what its points are computed from is refused even then.
        errors = {
            name: ValidationError(message)
            for name, message in REQUIRED_FOR_POINTS.items()
            if value[name] in (None, "")
        }
        if not value["counted_kinds"]:
            errors["counted_kinds"] = ValidationError("이 항목이 집계할 학습을 하나 이상 고르세요.")
        category_error = _categories_error(value["counted_categories"], counted_kinds=value["counted_kinds"])
        if category_error:
            errors["counted_categories"] = ValidationError(category_error)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        if value["scoring"] == Scoring.BANDS:
            band_error = _bands_error(list(value["bands"]), metric=value["metric"], cap=value["cap"])
            if band_error:
                errors["bands"] = band_error
        elif not value["points_per_unit"]:
            errors["points_per_unit"] = ValidationError("단위당 점수 방식에는 0보다 큰 단위당 점수가 필요합니다.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


def _categories_error(categories, *, counted_kinds):
    """A category narrows a kind the item counts (an unknown one the choice field already refuses)."""
    known = completion_categories()
    labels = {kind.key: kind.label for kind in learnable_kinds()}
    outside = [category for category in categories if known[category][0] not in counted_kinds]
    if outside:
        names = ", ".join(f"{known[category][1]}({labels.get(known[category][0], known[category][0])})" for category in outside)
        return f"이 항목이 집계하지 않는 학습 종류의 분류입니다: {names}. 그 학습 종류도 고르거나 분류를 빼세요."
    return None


INSTITUTION_SCORE_MAX = Decimal(10)


class InstitutionScoreBlock(blocks.StructBlock):
    """How a department's 가점 합계 maps into the 기관성과평가 item '민원서비스 우수기관 평가결과 (10점)'."""

    bands = blocks.ListBlock(
        BandBlock(), label="가점 합계 구간", min_num=0,
        help_text="예: 가점 9점 이상 10점, 7점 이상 9점 미만 8점 … (구간은 겹치거나 비지 않게, 최고 10점)",
    )

    class Meta:
        label = "기관성과평가 환산(10점)"
        icon = "resubmit"

    def clean(self, value):
        value = super().clean(value)
        band_error = _bands_error(list(value["bands"]), metric=None, cap=INSTITUTION_SCORE_MAX, cap_name="환산 만점")
        if band_error:
            raise StructBlockValidationError(block_errors={"bands": band_error})
        return value


REQUIRED_FOR_POINTS = {
    "name": "항목명을 입력하세요.",
    "metric": "실적 지표를 고르세요.",
    "scoring": "점수 방식을 고르세요.",
    "cap": "항목 상한을 입력하세요.",
}


def _bands_error(bands, *, metric, cap, cap_name="항목 상한"):
    """A ListBlockValidationError for the first mistakes found in the bands, or None."""
    if not bands:
        return ListBlockValidationError(non_block_errors=["구간별 점수 방식에는 구간이 하나 이상 필요합니다."])
    per_band = {}
    for index, band in enumerate(bands):
        lower, upper, points = band["lower"], band["upper"], band["points"]
        if lower is None or points is None:
            per_band[index] = "구간의 '이상' 값과 점수를 입력하세요."
        elif upper is not None and upper <= lower:
            per_band[index] = "'미만' 값은 '이상' 값보다 커야 합니다."
        elif metric == Metric.COMPLETION_SHARE and (lower > 100 or (upper is not None and upper > 100)):
            per_band[index] = "이수 비율 구간은 0~100% 안이어야 합니다."
        elif cap is not None and points > cap:
            per_band[index] = f"구간 점수({_number(points)}점)가 {cap_name}({_number(cap)}점)보다 큽니다. 상한을 올리거나 점수를 낮추세요."
    if per_band:
        return ListBlockValidationError(
            block_errors={
                index: StructBlockValidationError(non_block_errors=[message]) for index, message in per_band.items()
            }
        )
    problems = []
    ordered = sorted(bands, key=lambda band: band["lower"])
    for below, above in zip(ordered, ordered[1:]):
        if below["upper"] is None or below["upper"] > above["lower"]:
            problems.append(
                f"{_number(below['lower'])} 이상 구간과 {_number(above['lower'])} 이상 구간이 겹칩니다."
            )
        elif below["upper"] < above["lower"]:
            problems.append(f"{_number(below['upper'])}~{_number(above['lower'])} 사이가 어느 구간에도 속하지 않습니다.")
    if ordered[-1]["upper"] is not None:
        problems.append(
            f"가장 높은 구간의 '미만'({_number(ordered[-1]['upper'])})을 비워 두세요. 그 이상의 실적이 0점이 됩니다."
        )
    for below, above in zip(ordered, ordered[1:]):
        if above["points"] < below["points"]:
            problems.append("실적이 높은 구간의 점수가 낮은 구간보다 작습니다. 구간 점수를 확인하세요.")
            break
    if problems:
        return ListBlockValidationError(non_block_errors=problems)
    return None
