from datetime import date
from decimal import Decimal

import pytest

from lms.people.models import Department
from lms.records.models import CompletionRecord, CompletionSource
from lms.records.registry import LearnableKind, register_categories, register_learnable_kind
from tests.factories import make_membership, make_staff

TEST_KIND = LearnableKind(key="evaluation_test_course", label="시험용 이러닝 과정", source="online", group_label="이러닝")
EPISODE_KIND = LearnableKind(key="evaluation_test_episode", label="시험용 U-지식여행", source="online", group_label="U-지식여행")


@pytest.fixture(autouse=True)
def _a_registered_kind():
    """Rules may only count registered kinds; the content apps register theirs, this one is the tests' own."""
    register_learnable_kind(TEST_KIND)
    register_learnable_kind(EPISODE_KIND)


YEAR, REFERENCE_DATE = 2026, date(2026, 12, 1)
EPISODE = EPISODE_KIND.key


def department(code, name, kind, parent=None, *, high_intensity=False):
    values = {"code": code, "name": name, "kind": kind, "high_intensity": high_intensity}
    return parent.add_child(**values) if parent else Department.add_root(**values)


def completion(person, on, where, *, kind=TEST_KIND.key, key="1", category=""):
    return CompletionRecord.objects.create(
        user=person, item_kind=kind, item_key=key, item_title="민원응대 기본", completed_on=on, category=category,
        evaluation_year=on.year, hours=Decimal(2), department=where, source=CompletionSource.ONLINE,
    )


@pytest.fixture
def organisation():
    """서울시 › 시민소통실(본청: 민원실 고강도, 소통팀) and 수도사업소(사업소, 고강도) › 요금과.

    On the 기준일 2026-12-01:
      민원실  p1 (completed this year, and last year too: a re-completion), p2 moved out on 07-01
      소통팀  p2 (in since 07-01; completed on 03-10 while in 민원실), p3 (completed last year only),
              p7 (completed this year)
      수도사업소 p8 (completed only something not counted)
      요금과  p5 (hired 11-15), not p4 (left 09-01 after completing), not p6 (hired after the 기준일)
    """
    seoul = department("SEOUL", "서울특별시", "기관")
    bureau = department("CIVIC", "시민소통실", "실국", seoul)
    desk = department("CIVIC-DESK", "민원실", "부서", bureau, high_intensity=True)
    team = department("CIVIC-TEAM", "소통팀", "부서", bureau)
    water = department("WATER", "수도사업소", "사업소", seoul, high_intensity=True)
    billing = department("WATER-BILL", "요금과", "부서", water)
    people = {name: make_staff(f"20260{number:02d}", name) for number, name in enumerate(
        ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"], start=1)}
    p = people
    make_membership(p["p1"], desk, valid_from=date(2019, 3, 1))
    make_membership(p["p2"], desk, valid_from=date(2020, 1, 1), valid_until=date(2026, 7, 1))
    make_membership(p["p2"], team, valid_from=date(2026, 7, 1))
    make_membership(p["p3"], team, valid_from=date(2015, 1, 1))
    make_membership(p["p4"], billing, valid_from=date(2018, 1, 1), valid_until=date(2026, 9, 1))
    make_membership(p["p5"], billing, valid_from=date(2026, 11, 15))
    make_membership(p["p6"], billing, valid_from=date(2026, 12, 10))
    make_membership(p["p7"], team, valid_from=date(2021, 5, 1))
    make_membership(p["p8"], water, valid_from=date(2017, 5, 1))
    completion(p["p1"], date(2025, 6, 1), desk)
    completion(p["p1"], date(2026, 4, 2), desk)
    completion(p["p2"], date(2026, 3, 10), desk)
    completion(p["p3"], date(2025, 10, 1), team)
    completion(p["p4"], date(2026, 5, 20), billing)
    completion(p["p7"], date(2026, 2, 14), team)
    completion(p["p8"], date(2026, 8, 8), water, kind=EPISODE)
    return {"seoul": seoul, "bureau": bureau, "desk": desk, "team": team, "water": water, "billing": billing, **people}


HEALING, KINDNESS = "evaluation_test_programme:healing", "evaluation_test_programme:kindness"
TEST_CATEGORIES = {HEALING: "감정노동 힐링 프로그램", KINDNESS: "친절교육"}


@pytest.fixture(autouse=True)
def _registered_categories():
    """The episodes stand in for offline sessions: their records can carry a programme kind."""
    register_categories(EPISODE_KIND.key, lambda: dict(TEST_CATEGORIES))


def frozen_download(client, frozen, *, query=""):
    """Export a frozen result's workbook through HR's audited export and download it: the response of
    the export request, and the file's bytes (None when the request did not make an export)."""
    from django.urls import reverse

    from lms.hr.models import DataExport

    before = set(DataExport.objects.values_list("pk", flat=True))
    url = reverse("evaluation_frozen_result_export", args=[frozen.pk]) + (f"?{query}" if query else "")
    response = client.post(url, {"purpose": "2026년 민원서비스 평가 제출"})
    made = DataExport.objects.exclude(pk__in=before).first()
    if made is None:
        return response, None
    download = client.post(reverse("hr_export_download", args=[made.token]))
    return response, b"".join(download.streaming_content)
