"""Demo bonus-point rules built from the 2018 plan's §8 (반영항목), so a newcomer sees the whole cycle:
last year's rules published and their result frozen, this year's published with a draft on top that
HR can preview (what-if) before publishing."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from lms.evaluation.blocks import RuleItemBlock
from lms.evaluation.models import RuleSet
from lms.evaluation.services import copy_rule_set, freeze_result
from lms.people import roles
from lms.people.models import User
from lms.records.registry import completion_categories

SHARE_BANDS = [(90, None, 3), (70, 90, 2), (50, 70, 1)]
DRAFT_SHARE_BANDS = [(80, None, 3), (60, 80, 2), (40, 60, 1)]


def _bands(bands):
    return [{"lower": Decimal(lower), "upper": None if upper is None else Decimal(upper), "points": Decimal(points)}
            for lower, upper, points in bands]


HEALING_PROGRAMME = "감정노동 힐링 프로그램"


def _category_named(label):
    return next(category for category, (_kind, name) in completion_categories().items() if name == label)


def _items(share_bands):
    def item(name, metric, kinds, *, categories=(), bands=(), per_unit=None, cap, minimum=1):
        return ("item", RuleItemBlock().to_python({
            "name": name, "metric": metric, "counted_kinds": kinds, "counted_categories": list(categories),
            "minimum_completions": minimum,
            "scoring": "bands" if bands else "per_unit", "bands": _bands(bands),
            "points_per_unit": None if per_unit is None else Decimal(per_unit), "cap": Decimal(cap),
        }))

    return [
        item("이러닝 및 U-지식여행 이수 비율", "completion_share", ["course", "knowledge_trip_episode"], bands=share_bands, cap=3),
        item("이러닝 과정 이수 인원", "completers", ["course"], per_unit="0.5", cap=1),
        item("힐링프로그램 이수인원", "participants", ["offline_session"], categories=[_category_named(HEALING_PROGRAMME)],
             per_unit="0.05", cap=2),
        item("자체 및 외부강사 초빙교육 실적", "sessions_held", ["offline_session"], per_unit="0.2", cap=2),
        item("캠페인 참여 인원", "campaign_participation", ["campaign"], per_unit="0.02", cap=1),
        item("악성민원 대응 웹툰·매뉴얼 3편 이상 이수 비율", "completion_share", ["webtoon_episode", "manual"],
             bands=[(50, None, 1)], cap=1, minimum=3),
    ]


def load(stdout):
    this_year = timezone.localdate().year
    if RuleSet.objects.filter(evaluation_year=this_year - 1).exists():
        stdout.write("가점 기준: 이미 있음\n")
        return
    hr = User.objects.filter(groups__name=roles.HR).order_by("username").first()
    last_year = RuleSet(
        evaluation_year=this_year - 1, total_cap=Decimal(9), items=_items(SHARE_BANDS),
        note="2018 서울시 민원서비스 향상 계획 §8 반영항목에 따른 데모 기준입니다.",
    )
    last_year.full_clean()
    last_year.save()
    last_year.save_revision(user=hr).publish(user=hr)
    last_year.refresh_from_db()  # publishing saves a copy made from the revision
    frozen = freeze_result(rule_set=last_year, reference_date=date(this_year - 1, 12, 31), user=hr)
    current = copy_rule_set(source=last_year, evaluation_year=this_year, user=hr)
    current.save_revision(user=hr).publish(user=hr)
    current.refresh_from_db()
    current.items = _items(DRAFT_SHARE_BANDS)
    current.save_revision(user=hr)  # a draft on top of the published version, for 가점 미리보기
    stdout.write(
        f"가점 기준: {last_year.evaluation_year}년(확정, 부서 {len(frozen.results)}개), {current.evaluation_year}년(게시 + 초안)\n"
    )
