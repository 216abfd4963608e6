import codecs
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lms.people import roles
from lms.people.models import Membership, StaffProfile, User
from lms.people.roster import RosterRefused, apply_roster, preview_roster

from .conftest import csv_bytes, make_person, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    ("1001", "김민수", "CSV-OPEN", "7급 주무관", "minsu.kim@seoul.go.kr"),
    ("1002", "이서연", "WTR-S-FEE", "6급 주무관", "seoyeon.lee@seoul.go.kr"),
    ("1003", "박지훈", "HRD", "4급 과장", ""),
]


def messages(plan):
    return [str(error) for error in plan.errors]


@pytest.mark.parametrize(
    "encoding, filename",
    [
        ("utf-8", "명단.csv"),
        ("utf-8-sig", "명단.csv"),
        ("cp949", "명단.csv"),
        ("euc-kr", "명단.csv"),
        ("utf-16", "명단.txt"),
    ],
)
def test_csv_in_every_encoding_korean_excel_writes(departments, encoding, filename):
    data = csv_bytes(ROWS, encoding=encoding, delimiter="\t" if encoding == "utf-16" else ",")
    if encoding == "utf-8-sig":
        assert data.startswith(codecs.BOM_UTF8)

    plan = apply_roster(data, filename, full_import=False)

    assert plan.errors == []
    assert plan.counts()["created"] == 3
    user = User.objects.get(username="1002")
    assert user.name == "이서연"
    assert user.profile.department.code == "WTR-S-FEE"
    assert user.profile.rank == "6급 주무관"
    assert user.profile.active_from == timezone.localdate()


def test_cp949_only_characters_survive(departments):
    # '똠' and '햏' exist in CP949 but not in EUC-KR's 2,350 syllables: proves we decode as CP949.
    rows = [("1001", "김똠햏", "HRD", "7급 주무관", "")]
    apply_roster(csv_bytes(rows, encoding="cp949"), "명단.csv", full_import=False)
    assert User.objects.get(username="1001").name == "김똠햏"


def test_xlsx_with_numeric_employee_numbers_and_padded_headers(departments):
    header = [" 직원번호 ", "성 명", "부서코드\n", "직급", "이메일 "]
    rows = [(1001, "김민수", "CSV-OPEN", "7급 주무관", "minsu.kim@seoul.go.kr"), (None, None, None, None, None)]

    plan = apply_roster(xlsx_bytes(rows, header=header), "명단.xlsx", full_import=False)

    assert plan.errors == []
    assert User.objects.filter(username="1001", name="김민수").exists()


def test_new_staff_get_an_unusable_password_and_the_staff_group(departments):
    apply_roster(csv_bytes(ROWS), "명단.csv", full_import=False)
    user = User.objects.get(username="1001")
    assert not user.has_usable_password()
    assert user.groups.filter(name=roles.STAFF).exists()


@pytest.mark.parametrize(
    "data, filename, expected",
    [
        (b"", "a.csv", "빈 파일입니다"),
        (b"\r\n  \r\n", "a.csv", "빈 파일입니다"),
        (csv_bytes([]), "a.csv", "직원이 한 명도 없습니다"),
        (bytes(range(256)) * 8, "a.csv", "파일을 읽을 수 없습니다"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "a.xls", "예전 Excel 형식(.xls)"),
        (b"PK\x03\x04 this is not really a zip", "a.xlsx", "XLSX 파일을 열 수 없습니다"),
        (csv_bytes(ROWS, header=["사번", "이름", "부서"]), "a.csv", "필수 열이 없습니다: 직원번호, 성명, 부서코드, 직급, 이메일"),
        (csv_bytes(ROWS, header=["직원번호", "성명", "부서코드", "직급", "전자우편"]), "a.csv", "필수 열이 없습니다: 이메일"),
        (csv_bytes(ROWS, header=["직원번호", "성명", "성명", "직급", "이메일"]), "a.csv", "같은 이름의 열이 두 번 이상 있습니다: 성명"),
    ],
    ids=["empty", "blank-lines", "header-only", "binary", "xls", "broken-xlsx", "wrong-columns", "missing-email-column", "duplicate-column"],
)
def test_unreadable_or_malformed_files_are_refused_with_a_korean_reason(departments, data, filename, expected):
    plan = preview_roster(data, filename, full_import=True)

    assert len(plan.errors) == 1
    assert plan.errors[0].row_number is None
    assert expected in plan.errors[0].message
    assert not plan.can_apply
    with pytest.raises(RosterRefused):
        apply_roster(data, filename, full_import=True)
    assert not User.objects.exists()


def test_messages_pick_the_particle_by_how_the_name_or_number_before_it_ends(departments):
    rows = [
        ("1" * 33, "김민수", "HRD", "7급 주무관", ""),  # row 2: 직원번호 ends in a vowel → 가
        ("1002", "김" * 51, "HRD", "7급 주무관", ""),  # row 3: 성명 ends in ㅇ → 이
        ("1003", "박지훈", "HRD", "7급 주무관" * 7, ""),  # row 4: 직급 ends in ㅂ → 이
        ("1001", "최유진", "HRD", "7급 주무관", ""),
        ("1001", "최유진", "HRD", "7급 주무관", ""),  # row 6: 1001 (천일) ends in ㄹ → 이
        ("1002", "정하은", "HRD", "7급 주무관", ""),  # row 7: 1002 (천이) ends in a vowel → 가
    ]

    plan = preview_roster(csv_bytes(rows), "명단.csv", full_import=False)

    assert messages(plan) == [
        "2행: 직원번호가 너무 깁니다(32자 이내).",
        "3행: 성명이 너무 깁니다(50자 이내).",
        "4행: 직급이 너무 깁니다(30자 이내).",
        "6행: 직원번호 1001이 5행과 중복됩니다.",
        "7행: 직원번호 1002가 3행과 중복됩니다.",
    ]


def test_every_bad_row_is_reported_at_once_with_its_row_number_and_nothing_is_applied(departments):
    existing = make_person("1001", departments["HRD"], name="김민수")
    rows = [
        ("1001", "김민수", "NOPE", "7급 주무관", "a@seoul.go.kr"),  # row 2: unknown department
        ("1002", "", "HRD", "7급 주무관", "b@seoul.go.kr"),  # row 3: missing name
        ("1003", "박지훈", "HRD", "7급 주무관", "not-an-email"),  # row 4: malformed e-mail
        ("1004", "최유진", "HRD", "7급 주무관", "d@seoul.go.kr"),  # row 5: fine
        ("1004", "최유진", "GAD", "7급 주무관", "d@seoul.go.kr"),  # row 6: duplicate 직원번호
        ("", "정하은", "HRD", "7급 주무관", ""),  # row 7: missing 직원번호
        ("1007", "강동현", "", "7급 주무관", ""),  # row 8: missing 부서코드
    ]

    plan = preview_roster(csv_bytes(rows, encoding="cp949"), "명단.csv", full_import=True)

    assert messages(plan) == [
        "2행: 없는 부서코드입니다: NOPE",
        "3행: 성명이 비어 있습니다.",
        "4행: 이메일 형식이 올바르지 않습니다: not-an-email",
        "6행: 직원번호 1004가 5행과 중복됩니다.",
        "7행: 직원번호가 비어 있습니다.",
        "8행: 부서코드가 비어 있습니다.",
    ]
    # A person on a bad row is still in the file: the preview must not plan to deactivate them.
    assert plan.to_deactivate == []
    with pytest.raises(RosterRefused) as refused:
        apply_roster(csv_bytes(rows, encoding="cp949"), "명단.csv", full_import=True)
    assert len(refused.value.plan.errors) == 6
    assert list(User.objects.values_list("username", flat=True)) == ["1001"]
    existing.refresh_from_db()
    assert existing.profile.department.code == "HRD"


def test_inactive_department_is_refused(departments):
    departments["EVL"].is_active = False
    departments["EVL"].save()
    plan = preview_roster(csv_bytes([("1001", "김민수", "EVL", "", "")]), "a.csv", full_import=False)
    assert messages(plan) == ["2행: 사용하지 않는 부서입니다: EVL"]


def test_reimporting_the_same_file_changes_nothing(departments):
    data = csv_bytes(ROWS, encoding="cp949")
    apply_roster(data, "명단.csv", full_import=True)
    def snapshot():
        return [list(model.objects.order_by("pk").values()) for model in (User, StaffProfile, Membership)]

    before = snapshot()

    plan = apply_roster(data, "명단.csv", full_import=True)

    assert plan.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "deactivated": 0,
        "kept": 0,
        "errors": 0,
        "memberships_opened": 0,
        "memberships_closed": 0,
    }
    assert not plan.changes_anything
    assert snapshot() == before and len(before[2]) == 3


def test_changes_are_planned_and_applied_field_by_field(departments):
    apply_roster(csv_bytes(ROWS), "a.csv", full_import=False)
    changed = [
        ("1001", "김민수", "CSV-ANS", "6급 주무관", "minsu.kim@seoul.go.kr"),
        ("1002", "이서윤", "WTR-S-FEE", "6급 주무관", "seoyun.lee@seoul.go.kr"),
        ROWS[2],
    ]

    plan = apply_roster(csv_bytes(changed), "a.csv", full_import=False)

    assert {change.row.employee_number: change.changes for change in plan.to_update} == {
        "1001": ("부서", "직급"),
        "1002": ("성명", "이메일"),
    }
    assert User.objects.get(username="1001").profile.department.code == "CSV-ANS"
    assert User.objects.get(username="1002").email == "seoyun.lee@seoul.go.kr"


def test_full_import_deactivates_missing_staff_without_deleting_and_reactivates_returning_staff(departments):
    admin = User.objects.create_superuser(username="admin", password="x")
    apply_roster(csv_bytes(ROWS), "a.csv", full_import=True)
    user_count = User.objects.count()

    # One of three is far more than the 10 % share: HR confirms the number (tests/people/test_mass_deactivation.py).
    plan = apply_roster(csv_bytes(ROWS[:2]), "a.csv", full_import=True, confirmed_deactivations=1)

    assert [person.employee_number for person in plan.to_deactivate] == ["1003"]
    assert User.objects.count() == user_count  # nobody deleted
    gone = User.objects.get(username="1003")
    assert not gone.is_active
    assert gone.profile.active_until == timezone.localdate()
    assert User.objects.get(username="admin").is_active  # superusers are never deactivated
    assert admin.is_superuser

    plan = apply_roster(csv_bytes(ROWS), "a.csv", full_import=True)

    assert [(change.row.employee_number, change.changes) for change in plan.to_update] == [("1003", ("재활성화",))]
    back = User.objects.get(username="1003")
    assert back.is_active
    assert back.profile.active_until is None


def test_partial_import_never_deactivates(departments):
    apply_roster(csv_bytes(ROWS), "a.csv", full_import=True)
    plan = apply_roster(csv_bytes(ROWS[:1]), "a.csv", full_import=False)
    assert plan.to_deactivate == []
    assert User.objects.filter(is_active=True).count() == 3


def test_existing_user_without_profile_gets_one(departments):
    User.objects.create_user(username="1001", password="x", name="김민수")
    plan = apply_roster(csv_bytes(ROWS[:1]), "a.csv", full_import=False)
    assert plan.to_update[0].changes == ("이메일", "직원 정보 생성")
    assert User.objects.get(username="1001").profile.department.code == "CSV-OPEN"
    assert Group.objects.get(name=roles.STAFF).user_set.filter(username="1001").exists()


def test_import_roster_command_is_a_dry_run_by_default(departments, tmp_path, capsys):
    path = tmp_path / "명단.csv"
    path.write_bytes(csv_bytes(ROWS, encoding="cp949"))

    call_command("import_roster", str(path))
    assert "미리 보기: 추가 3명" in capsys.readouterr().out
    assert not User.objects.exists()

    call_command("import_roster", str(path), "--apply", "--full")
    assert "반영했습니다: 추가 3명" in capsys.readouterr().out
    assert User.objects.count() == 3


def test_import_roster_command_fails_on_bad_rows(departments, tmp_path, capsys):
    path = tmp_path / "명단.csv"
    path.write_bytes(csv_bytes([("1001", "", "HRD", "", "")]))
    with pytest.raises(CommandError, match="오류가 있어 아무것도 반영하지 않았습니다"):
        call_command("import_roster", str(path), "--apply")
    assert "2행: 성명이 비어 있습니다." in capsys.readouterr().err
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="파일을 열 수 없습니다"):
        call_command("import_roster", str(tmp_path / "없음.csv"))


def test_6350_row_import_takes_seconds(db, capsys):
    """The real size: the demo organisation's 6,350 staff as a CP949 CSV file, imported twice."""
    from lms.people import demo
    from lms.people.services import load_departments

    load_departments(demo.demo_department_specs())
    rows = [
        (row.employee_number, row.name, row.department_code, row.rank, row.email)
        for row in demo.demo_roster().rows
    ]
    data = csv_bytes(rows, encoding="cp949")

    started = time.perf_counter()
    plan = apply_roster(data, "명단.csv", full_import=True)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = apply_roster(data, "명단.csv", full_import=True)
    second = time.perf_counter() - started

    assert plan.counts()["created"] == 6350
    assert again.counts()["unchanged"] == 6350
    assert StaffProfile.objects.count() == 6350
    with capsys.disabled():
        print(f"\n6,350행 명단 가져오기: 처음 {first:.2f}초, 같은 파일 다시 {second:.2f}초")
    assert first < 30 and second < 15  # generous: the CI machine is shared


def test_wagtails_admin_calls_people_by_name_not_by_employee_number(departments, client):
    """The sidebar's account menu shows first_name, else the 직원번호: it mirrors 성명 on every path."""
    import json

    apply_roster(csv_bytes(ROWS), "a.csv", full_import=False)
    assert User.objects.get(username="1001").first_name == "김민수"
    renamed = [ROWS[0], ("1002", "이서윤", "WTR-S-FEE", "6급 주무관", "seoyeon.lee@seoul.go.kr"), ROWS[2]]
    apply_roster(csv_bytes(renamed), "a.csv", full_import=False)
    assert User.objects.get(username="1002").first_name == "이서윤"

    person = User.objects.get(username="1003")
    person.name = "박지윤"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.first_name == "박지윤"

    person.groups.add(Group.objects.get(name=roles.HR))
    client.force_login(person)
    html = client.get("/admin/").content.decode()
    props = json.loads(html.split('id="wagtail-sidebar-props" type="application/json">')[1].split("</script>")[0])
    assert "박지윤" in json.dumps(props, ensure_ascii=False) and '"1003"' not in json.dumps(props)
