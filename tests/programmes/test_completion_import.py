"""Importing completions from another system (the 인재개발원 LMS export): every bad row, encodings,
re-import, and the completion records with their evidence rows."""

import codecs
from decimal import Decimal

import pytest

from lms.home.korean import josa
from lms.programmes.imports import apply_completions, plan_completions
from lms.programmes.models import ImportedCompletionRow, ImportKind, ImportUpload
from lms.records.models import CompletionRecord

from .conftest import csv_bytes, in_days, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["직원번호", "과정명", "과정코드", "학습유형", "교육기간", "이수일", "인정시간"]


def day(n):
    return f"{in_days(n):%Y-%m-%d}"


@pytest.fixture
def upload(hr_user):
    return ImportUpload.objects.create(kind=ImportKind.COMPLETIONS, original_name="hrd.csv", uploaded_by=hr_user)


def test_every_bad_row_is_listed_with_its_reason(people):
    rows = [
        ["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14"],  # 2 good
        ["2099999", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14"],  # 3 unknown
        ["2026002", "공직자 친절마인드", "HRD-101", "집합", "", "2026-13-45", "14"],  # 4 bad date
        ["2026002", "공직자 친절마인드", "HRD-102", "집합", "", day(-30), "열네시간"],  # 5 hours not a number
        ["2026002", "공직자 친절마인드", "HRD-103", "집합", "", day(-30), "1200"],  # 6 out of range
        ["2026002", "공직자 친절마인드", "HRD-104", "집합", "", day(-30), "-1"],  # 7 negative
        ["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-20), "14"],  # 8 duplicate of row 2
        ["2026003", "", "HRD-105", "이러닝", "", day(-30), "2"],  # 9 missing title
        ["2026003", "전화응대", "", "이러닝", "", day(-30), "2"],  # 10 missing code
        ["2026003", "전화응대", "HRD-106", "이러닝", "", "", "2"],  # 11 no date at all
        ["2026003", "전화응대", "HRD-107", "이러닝", "", day(5), "2"],  # 12 in the future
        ["2026004", "새내기 민원응대", "HRD-200", "집합", f"{day(-12)} ~ {day(-8)}", "", "21"],  # 13 good (period)
        ["2026004", "전화응대", "HRD-108", "이러닝", "", day(-3), "1.255"],  # 14 three decimals
    ]
    plan = plan_completions(csv_bytes(rows, header=HEADER), "hrd.csv")
    messages = {error.row_number: error.message for error in plan.errors}
    assert messages == {
        3: "등록되지 않은 직원번호입니다: 2099999",
        4: "이수일 형식이 올바르지 않습니다: 2026-13-45 (예: 2026-03-06)",
        5: "인정시간이 숫자가 아닙니다: 열네시간",
        6: "인정시간은 0 이상 999.99 이하여야 합니다: 1200",
        7: "인정시간은 0 이상 999.99 이하여야 합니다: -1",
        8: "2행과 같은 직원·과정코드·연도의 이수 기록입니다(한 해에 한 번만 인정됩니다).",
        9: "과정명이 비어 있습니다.",
        10: "과정코드가 비어 있습니다.",
        11: "이수일(또는 교육기간)이 비어 있습니다.",
        12: f"{josa(f'이수일 {day(5)}', '가')} 오늘보다 뒤입니다.",
        14: "인정시간은 소수 둘째 자리까지 적을 수 있습니다: 1.255",
    }
    assert [(row.row_number, row.completed_on, row.hours) for row in plan.to_write] == [
        (2, in_days(-30), Decimal("14")),
        (13, in_days(-8), Decimal("21")),
    ]


def test_missing_columns_are_named():
    plan = plan_completions(csv_bytes([["2026001", "과정", "3"]], header=["직원번호", "과정명", "인정시간"]), "a.csv")
    assert [str(error) for error in plan.errors] == [
        "필수 열이 없습니다: 과정코드, 이수일 또는 교육기간. 첫 줄에 열 이름이 있어야 합니다."
    ]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda rows: csv_bytes(rows, header=HEADER), id="utf-8"),
        pytest.param(lambda rows: codecs.BOM_UTF8 + csv_bytes(rows, header=HEADER), id="utf-8-bom"),
        pytest.param(lambda rows: csv_bytes(rows, header=HEADER, encoding="cp949"), id="cp949"),
        pytest.param(lambda rows: xlsx_bytes(rows, header=HEADER), id="xlsx"),
    ],
)
def test_encodings(people, encode):
    data = encode([["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14"], ["", "", "", "", "", "", ""]])
    plan = plan_completions(data, "hrd.xlsx" if data.startswith(b"PK") else "hrd.csv")
    assert not plan.errors
    assert [(row.course_title, row.learning_type) for row in plan.to_write] == [("공직자 친절마인드", "집합")]


def test_apply_writes_records_with_their_evidence_and_reimport_changes_nothing(people, upload):
    rows = [
        ["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14"],
        ["2026002", "전화응대 친절", "HRD-300", "이러닝", "", day(-3), "0"],
        ["2099999", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14"],
    ]
    data = csv_bytes(rows, header=HEADER)
    plan = apply_completions(data, "hrd.csv", upload=upload)
    assert plan.counts() == {"written": 2, "unchanged": 0, "errors": 1}
    record = CompletionRecord.objects.get(user=people[0])
    evidence = ImportedCompletionRow.objects.get(user=people[0])
    assert (record.item_kind, record.item_key, record.item_title, record.source) == (
        "imported",
        "HRD-101",
        "공직자 친절마인드",
        "imported",
    )
    assert record.evidence == {"model": "programmes.importedcompletionrow", "pk": evidence.pk}
    assert evidence.values["학습유형"] == "집합" and evidence.row_number == 2
    assert CompletionRecord.objects.get(user=people[1]).hours == 0

    again = apply_completions(data, "hrd.csv", upload=upload)
    assert again.counts() == {"written": 0, "unchanged": 2, "errors": 1}
    assert CompletionRecord.objects.count() == 2 and ImportedCompletionRow.objects.count() == 2


def test_a_different_record_of_the_same_course_and_year_is_refused(people, upload):
    apply_completions(
        csv_bytes([["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14"]], header=HEADER), "a.csv", upload=upload
    )
    plan = plan_completions(
        csv_bytes([["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "7"]], header=HEADER), "b.csv"
    )
    assert plan.errors[0].row_number == 2 and "이미 다르게 있습니다" in plan.errors[0].message


@pytest.mark.parametrize("column", ["교육시작일", "시작일", "교육시작일자"])
@pytest.mark.parametrize(
    "written", [pytest.param(lambda d: f"{d:%Y-%m-%d}", id="iso"), pytest.param(lambda d: f"{d:%Y.%m.%d}", id="dots"),
                pytest.param(lambda d: f"{d:%Y%m%d}", id="digits")]
)
def test_a_start_date_column_gives_the_records_period(people, upload, column, written):
    header = [*HEADER, column]
    rows = [["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14", written(in_days(-32))]]
    apply_completions(csv_bytes(rows, header=header), "hrd.csv", upload=upload)
    record = CompletionRecord.objects.get(user=people[0])
    assert (record.started_on, record.completed_on) == (in_days(-32), in_days(-30))
    assert record.period_label == f"{day(-32)} ~ {day(-30)}"


def test_an_excel_date_cell_is_a_start_date(people, upload):
    rows = [["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14", in_days(-31)]]
    apply_completions(xlsx_bytes(rows, header=[*HEADER, "교육시작일"]), "hrd.xlsx", upload=upload)
    assert CompletionRecord.objects.get(user=people[0]).started_on == in_days(-31)


def test_without_a_start_column_the_period_gives_the_start_and_a_single_day_has_none(people, upload):
    rows = [
        ["2026001", "새내기 민원응대", "HRD-200", "집합", f"{day(-12)} ~ {day(-8)}", "", "21"],
        ["2026002", "전화응대", "HRD-300", "이러닝", "", day(-3), "1"],
    ]
    apply_completions(csv_bytes(rows, header=HEADER), "hrd.csv", upload=upload)
    ranged, single = (CompletionRecord.objects.get(user=person) for person in people[:2])
    assert (ranged.started_on, ranged.period_label) == (in_days(-12), f"{day(-12)} ~ {day(-8)}")
    assert (single.started_on, single.period_label) == (None, day(-3))


def test_a_start_after_the_completion_or_unreadable_is_refused_with_its_row(people):
    rows = [
        ["2026001", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14", day(-29)],  # 2 starts after completion
        ["2026002", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14", "지난달"],  # 3 unreadable
        ["2026003", "공직자 친절마인드", "HRD-101", "집합", "", day(-30), "14", ""],  # 4 empty: fine
    ]
    plan = plan_completions(csv_bytes(rows, header=[*HEADER, "교육시작일"]), "hrd.csv")
    assert [str(error) for error in plan.errors] == [
        f"2행: 교육시작일 {day(-29)}이(가) 이수일 {day(-30)}보다 뒤입니다.",
        "3행: 교육시작일 형식이 올바르지 않습니다: 지난달 (예: 2026-03-02)",
    ]
    assert [(row.row_number, row.started_on) for row in plan.to_write] == [(4, None)]
