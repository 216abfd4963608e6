"""Importing an attendance file: every bad row with its number and Korean reason, encodings,
one-transaction apply of the good rows, and a re-import that changes nothing."""

import codecs

import pytest

from lms.home.korean import josa
from lms.programmes import services
from lms.programmes.imports import apply_attendance, plan_attendance
from lms.programmes.models import Attendance
from lms.records.models import CompletionRecord

from .conftest import csv_bytes, in_days, make_person, make_programme, make_session, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["직원번호", "성명", "출석일"]


@pytest.fixture
def session(people):
    """A two-day session that started three days ago, capacity 4, with four people holding a place
    and one waiting."""
    session = make_session(make_programme(), day=in_days(3), days=2, capacity=4, hours="7")
    for person in people:
        services.apply_for_session(session=session, user=person)
    session.starts_at -= services.timezone.timedelta(days=6)
    session.ends_at -= services.timezone.timedelta(days=6)
    session.save()
    return session


def day(n):
    return f"{in_days(n):%Y-%m-%d}"


def test_every_bad_row_is_listed_with_its_reason(session, people, departments):
    make_person("2026099", departments["HRD"], name="신청안함")
    rows = [
        ["2026001", "김하나", day(-3)],  # 2: good
        ["", "이름만", day(-3)],  # 3: empty 직원번호
        ["2099999", "없는사람", day(-3)],  # 4: unknown
        ["2026099", "신청안함", day(-3)],  # 5: not registered
        ["2026001", "김하나", day(-3)],  # 6: duplicate of row 2
        ["2026002", "이두리", day(-10)],  # 7: outside the session
        ["2026003", "박세나", "3월 5일"],  # 8: not a date
        ["2026005", "정다섯", day(-2)],  # 9: waiting, not confirmed
        ["2026004", "최네나", "  "],  # 10: good, no date given → first day
    ]
    plan = plan_attendance(csv_bytes(rows, header=HEADER), "출석.csv", session=session)
    messages = {error.row_number: error.message for error in plan.errors}
    assert messages == {
        3: "직원번호가 비어 있습니다.",
        4: "등록되지 않은 직원번호입니다: 2099999",
        5: "이 회차에 신청하지 않은 직원입니다: 2026099",
        6: "직원번호 2026001이 2행과 중복됩니다.",
        7: f"{josa(f'출석일 {day(-10)}', '가')} 교육 기간({day(-3)}~{day(-2)}) 밖입니다.",
        8: f"출석일 형식이 올바르지 않습니다: 3월 5일 (예: {day(-3)})",
        9: "대기자로 신청한 직원입니다(자리가 확정되지 않음): 2026005",
    }
    assert [row.row_number for row in plan.to_write] == [2, 10]
    assert plan.to_write[1].attended_on == in_days(-3)
    assert plan.counts() == {"written": 2, "unchanged": 0, "errors": 7}


def test_a_full_session_refuses_the_rows_beyond_its_capacity(session, people, hr_user):
    session.registration_required = False
    session.capacity = 2
    session.save()
    rows = [["2026001", "", day(-3)], ["2026002", "", day(-3)], ["2026003", "", day(-3)]]
    plan = plan_attendance(csv_bytes(rows, header=HEADER), "출석.csv", session=session)
    assert [str(error) for error in plan.errors] == ["4행: 정원(2명)이 찼습니다: 2026003"]


def test_cancelled_registration_is_refused(session, people):
    services.cancel_registration(registration=session.registrations.get(user=people[0]))
    plan = plan_attendance(csv_bytes([["2026001", "", day(-3)]], header=HEADER), "a.csv", session=session)
    assert [str(error) for error in plan.errors] == ["2행: 신청을 취소한 직원입니다: 2026001"]


def test_file_level_errors(session):
    assert [str(e) for e in plan_attendance(csv_bytes([["김하나"]], header=["성명"]), "a.csv", session=session).errors] == [
        "필수 열이 없습니다: 직원번호. 첫 줄에 열 이름이 있어야 합니다."
    ]
    assert plan_attendance(b"", "a.csv", session=session).file_error
    assert plan_attendance(csv_bytes([], header=HEADER), "a.csv", session=session).errors[0].message.startswith("열 이름만")


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda rows: csv_bytes(rows, header=HEADER), id="utf-8"),
        pytest.param(lambda rows: codecs.BOM_UTF8 + csv_bytes(rows, header=HEADER), id="utf-8-bom"),
        pytest.param(lambda rows: csv_bytes(rows, header=HEADER, encoding="cp949"), id="cp949"),
        pytest.param(lambda rows: xlsx_bytes(rows, header=HEADER), id="xlsx"),
    ],
)
def test_encodings_and_blank_trailing_rows(session, encode):
    data = encode([["2026001", "김하나", day(-3)], ["2026002", "이두리", f"{in_days(-2):%Y. %m. %d.}"], ["", "", ""]])
    plan = plan_attendance(data, "출석.xlsx" if data.startswith(b"PK") else "출석.csv", session=session)
    assert not plan.errors
    assert [(row.employee_number, row.attended_on) for row in plan.to_write] == [
        ("2026001", in_days(-3)),
        ("2026002", in_days(-2)),
    ]


def test_xlsx_with_numbers_and_real_dates(session):
    import datetime

    data = xlsx_bytes([[2026001, "김하나", datetime.datetime.combine(in_days(-3), datetime.time())]], header=HEADER)
    plan = plan_attendance(data, "출석.xlsx", session=session)
    assert not plan.errors and plan.to_write[0].attended_on == in_days(-3)


def test_apply_writes_the_good_rows_and_reimport_changes_nothing(session, people, hr_user):
    data = csv_bytes([["2026001", "", day(-3)], ["2026002", "", day(-2)], ["2099999", "", day(-3)]], header=HEADER)
    plan = apply_attendance(data, "a.csv", session=session, upload=None, recorded_by=hr_user)
    assert plan.counts() == {"written": 2, "unchanged": 0, "errors": 1}
    assert set(CompletionRecord.objects.values_list("user__username", "hours", "completed_on")) == {
        ("2026001", 7, in_days(-3)),
        ("2026002", 7, in_days(-2)),
    }
    assert set(session.registrations.filter(status="confirmed").values_list("user__username", flat=True)) == {
        "2026001",
        "2026002",
    }
    again = apply_attendance(data, "a.csv", session=session, upload=None, recorded_by=hr_user)
    assert again.counts() == {"written": 0, "unchanged": 2, "errors": 1}
    assert Attendance.objects.count() == 2 and CompletionRecord.objects.count() == 2


def test_apply_is_one_transaction(session, people, hr_user, monkeypatch):
    from lms.programmes import services as programme_services

    def failing(completions):
        assert len(completions) == 2 and Attendance.objects.count() == 2
        raise RuntimeError("records unavailable")

    monkeypatch.setattr(programme_services, "record_completions", failing)
    data = csv_bytes([["2026001", "", day(-3)], ["2026002", "", day(-3)]], header=HEADER)
    with pytest.raises(RuntimeError):
        apply_attendance(data, "a.csv", session=session, upload=None, recorded_by=hr_user)
    assert not Attendance.objects.exists() and not CompletionRecord.objects.exists()
    assert not session.registrations.filter(status="confirmed").exists()
