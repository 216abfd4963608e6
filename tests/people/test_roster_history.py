"""Every roster import writes the roster's history as of the file's 기준일 (reference date)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lms.people.forms import RosterUploadForm
from lms.people.models import Membership, RosterUpload, User
from lms.people.roster import RosterRefused, apply_roster, preview_roster
from lms.people.selectors import members_on, placement_on

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR_START = date(TODAY.year, 1, 1)
MID_YEAR = YEAR_START + (TODAY - YEAR_START) // 2  # a day this year, not after today
LAST_YEAR = date(TODAY.year - 1, 3, 1)

KIM = ("1001", "김민수", "CSV-OPEN", "7급 주무관", "minsu.kim@seoul.go.kr")
LEE = ("1002", "이서연", "WTR-S-FEE", "6급 주무관", "seoyeon.lee@seoul.go.kr")
PARK = ("1003", "박지훈", "HRD", "4급 과장", "")


def history(username):
    return [
        (m.department.code, m.rank, m.valid_from, m.valid_until)
        for m in Membership.objects.filter(user__username=username).select_related("department").order_by("valid_from")
    ]


def load(rows, day, *, full=False, confirm=None):
    return apply_roster(
        csv_bytes(rows), "명단.csv", full_import=full, reference_date=day, confirmed_deactivations=confirm
    )


def test_hires_open_memberships_on_the_reference_date(departments):
    plan = load([KIM, LEE], LAST_YEAR)

    assert plan.counts()["memberships_opened"] == 2
    assert history("1001") == [("CSV-OPEN", "7급 주무관", LAST_YEAR, None)]
    assert User.objects.get(username="1001").profile.active_from == LAST_YEAR


def test_a_mid_year_transfer_and_a_promotion_close_the_old_membership_and_open_a_new_one(departments):
    load([KIM, LEE], LAST_YEAR)
    moved = ("1001", "김민수", "WTR-S-FIELD", "7급 주무관", "minsu.kim@seoul.go.kr")
    promoted = ("1002", "이서연", "WTR-S-FEE", "5급 팀장", "seoyeon.lee@seoul.go.kr")

    plan = preview_roster(csv_bytes([moved, promoted]), "명단.csv", full_import=False, reference_date=MID_YEAR)
    assert (plan.counts()["memberships_opened"], plan.counts()["memberships_closed"]) == (2, 2)
    assert [change.changes for change in plan.to_update] == [("부서",), ("직급",)]
    assert "소속 시작 2건, 종료 2건" in plan.summary()
    load([moved, promoted], MID_YEAR)

    assert history("1001") == [
        ("CSV-OPEN", "7급 주무관", LAST_YEAR, MID_YEAR),
        ("WTR-S-FIELD", "7급 주무관", MID_YEAR, None),
    ]
    assert history("1002")[-1] == ("WTR-S-FEE", "5급 팀장", MID_YEAR, None)
    kim = User.objects.get(username="1001")
    assert kim.profile.department.code == "WTR-S-FIELD"
    assert placement_on(user=kim, on=MID_YEAR - timedelta(days=1)).department.code == "CSV-OPEN"
    assert placement_on(user=kim, on=MID_YEAR).department.code == "WTR-S-FIELD"
    # Both moves stay within 남부수도사업소: on the day each person is counted once.
    assert members_on(department=departments["WTR-S"], on=MID_YEAR).count() == 2
    assert members_on(department=departments["WTR-S"], on=MID_YEAR - timedelta(days=1)).count() == 1


def test_a_leaver_of_a_full_import_closes_and_a_hire_opens_on_the_reference_date(departments):
    load([KIM, LEE, PARK], LAST_YEAR, full=True)
    newcomer = ("1004", "최신규", "HRD", "9급 주무관", "")

    plan = load([KIM, LEE, newcomer], MID_YEAR, full=True, confirm=1)  # one of three: confirmed

    assert [person.employee_number for person in plan.to_deactivate] == ["1003"]
    assert (plan.counts()["memberships_opened"], plan.counts()["memberships_closed"]) == (1, 1)
    assert history("1003") == [("HRD", "4급 과장", LAST_YEAR, MID_YEAR)]
    assert history("1004") == [("HRD", "9급 주무관", MID_YEAR, None)]
    park = User.objects.get(username="1003")
    assert not park.is_active and park.profile.active_until == MID_YEAR
    assert members_on(department=departments["HRD"], on=MID_YEAR).get().user.username == "1004"

    # Back a year later: a new membership, not the old one reopened.
    load([KIM, LEE, newcomer, PARK], TODAY, full=True)
    if TODAY > MID_YEAR:
        assert history("1003")[-1] == ("HRD", "4급 과장", TODAY, None)
    assert User.objects.get(username="1003").is_active


def test_reimporting_the_same_file_with_the_same_date_changes_nothing(departments):
    load([KIM, LEE], LAST_YEAR, full=True)
    load([KIM, LEE], MID_YEAR, full=True)
    before = list(Membership.objects.order_by("pk").values())

    for day in (MID_YEAR, TODAY):  # the same date, and a later one: nothing new happened
        plan = load([KIM, LEE], day, full=True)
        assert not plan.changes_anything and plan.counts()["memberships_opened"] == 0
    assert list(Membership.objects.order_by("pk").values()) == before


def test_an_import_dated_in_the_past_applies_as_of_that_date(departments):
    load([KIM], date(TODAY.year - 3, 1, 2))
    moved = ("1001", "김민수", "HRD", "7급 주무관", "minsu.kim@seoul.go.kr")

    load([moved], LAST_YEAR)

    assert history("1001") == [
        ("CSV-OPEN", "7급 주무관", date(TODAY.year - 3, 1, 2), LAST_YEAR),
        ("HRD", "7급 주무관", LAST_YEAR, None),
    ]


def test_a_past_import_never_rewrites_later_history(departments):
    load([KIM, LEE], LAST_YEAR, full=True)
    moved = ("1001", "김민수", "WTR-S-FIELD", "6급 주무관", "new.mail@seoul.go.kr")
    load([moved, LEE], MID_YEAR, full=True)
    before = list(Membership.objects.order_by("pk").values())

    # The old file again, dated as it was: it agrees with the history of that day, so nothing changes
    # (not the e-mail either: the file is older than what we know).
    plan = load([KIM, LEE], LAST_YEAR, full=True)
    assert not plan.changes_anything and plan.counts()["unchanged"] == 2
    assert list(Membership.objects.order_by("pk").values()) == before
    assert User.objects.get(username="1001").email == "new.mail@seoul.go.kr"

    # A file dated between the two that disagrees with that day's history is refused for that row.
    between = LAST_YEAR + timedelta(days=1)
    elsewhere = ("1001", "김민수", "HRD", "7급 주무관", "")
    plan = preview_roster(csv_bytes([elsewhere, LEE]), "명단.csv", full_import=False, reference_date=between)
    assert [error.row_number for error in plan.errors] == [2]
    message = plan.errors[0].message
    assert f"기준일({between:%Y-%m-%d})" in message and f"{MID_YEAR:%Y-%m-%d}에 시작한 소속" in message
    assert "CSV-OPEN" in message
    with pytest.raises(RosterRefused):
        load([elsewhere, LEE], between)
    assert list(Membership.objects.order_by("pk").values()) == before


def test_a_past_full_import_does_not_deactivate_people_who_joined_after_its_date(departments):
    load([KIM], LAST_YEAR, full=True)
    load([KIM, LEE], MID_YEAR)  # 이서연 joined this year

    plan = load([KIM], LAST_YEAR + timedelta(days=10), full=True)

    assert plan.to_deactivate == [] and [p.employee_number for p in plan.kept_by_later_history] == ["1002"]
    assert User.objects.get(username="1002").is_active


def test_a_past_file_does_not_reactivate_someone_who_left_later(departments):
    load([KIM, LEE], LAST_YEAR, full=True)
    load([KIM], MID_YEAR, full=True, confirm=1)  # 이서연 leaves

    plan = load([KIM, LEE], LAST_YEAR)

    assert not plan.changes_anything
    assert not User.objects.get(username="1002").is_active
    assert history("1002") == [("WTR-S-FEE", "6급 주무관", LAST_YEAR, MID_YEAR)]


def test_a_same_day_correction_replaces_the_wrong_membership(departments):
    load([KIM], LAST_YEAR)
    wrong = ("1001", "김민수", "HRD", "7급 주무관", "minsu.kim@seoul.go.kr")
    load([wrong], MID_YEAR)

    plan = load([KIM], MID_YEAR)  # the corrected file with the same 기준일: 김민수 never moved

    assert plan.counts()["memberships_opened"] == 1
    assert history("1001") == [("CSV-OPEN", "7급 주무관", LAST_YEAR, None)]


def test_a_future_reference_date_is_refused_by_the_form_and_the_import(departments):
    tomorrow = TODAY + timedelta(days=1)
    form = RosterUploadForm(
        data={"reference_date": tomorrow.isoformat()},
        files={"file": SimpleUploadedFile("명단.csv", csv_bytes([KIM]))},
    )
    assert not form.is_valid()
    assert form.errors["reference_date"] == ["기준일은 오늘 이후일 수 없습니다. 명단이 나타내는 날짜(오늘 또는 지난 날짜)를 선택해 주세요."]
    assert 'max="' + TODAY.isoformat() in str(form["reference_date"])

    blank = RosterUploadForm(data={"reference_date": ""}, files={"file": SimpleUploadedFile("명단.csv", csv_bytes([KIM]))})
    assert blank.is_valid() and blank.cleaned_data["reference_date"] == TODAY
    garbage = RosterUploadForm(data={"reference_date": "어제"}, files={"file": SimpleUploadedFile("a.csv", b"x")})
    assert garbage.errors["reference_date"] == ["기준일을 YYYY-MM-DD 형식으로 입력해 주세요."]

    with pytest.raises(RosterRefused):
        load([KIM], tomorrow)
    assert not User.objects.filter(username="1001").exists()


def test_hr_uploads_with_a_reference_date_sees_the_history_counts_and_the_import_is_traceable(client, hr_user):
    client.force_login(hr_user)
    load([KIM], LAST_YEAR)
    moved = ("1001", "김민수", "HRD", "7급 주무관", "minsu.kim@seoul.go.kr")
    response = client.post(
        reverse("people_roster_import"),
        {"file": SimpleUploadedFile("전보.csv", csv_bytes([moved], encoding="cp949")), "reference_date": MID_YEAR.isoformat()},
    )
    upload = RosterUpload.objects.get()
    assert response.status_code == 302 and upload.reference_date == MID_YEAR

    html = client.get(response.url).content.decode()
    assert f"기준일 <strong>{MID_YEAR:%Y-%m-%d}</strong>" in html
    assert '<td data-count="memberships_opened">1건</td>' in html
    assert '<td data-count="memberships_closed">1건</td>' in html

    client.post(response.url)
    upload.refresh_from_db()
    assert upload.result["memberships_opened"] == 1
    old, new = Membership.objects.filter(user__username="1001").order_by("valid_from")
    assert (old.closed_by_upload, new.upload, new.valid_from) == (upload, upload, MID_YEAR)


def test_the_staff_admin_shows_the_history_and_a_manager_sees_only_their_subtree(client, hr_user, water_manager):
    mover = ("1001", "김민수", "HRD", "7급 주무관", "")
    load([mover], LAST_YEAR)
    load([("1001", "김민수", "WTR-S-FIELD", "7급 주무관", "")], MID_YEAR)
    profile = User.objects.get(username="1001").profile
    inspect_url = reverse("people_staff:inspect", args=[profile.pk])

    client.force_login(hr_user)
    response = client.get(inspect_url)
    assert [m.department.code for m in response.context["memberships"]] == ["WTR-S-FIELD", "HRD"]
    html = response.content.decode()
    assert "부서 이력" in html and "현재 소속" in html and f"{MID_YEAR:%Y-%m-%d}" in html

    client.force_login(water_manager)
    response = client.get(inspect_url)
    assert [m.department.code for m in response.context["memberships"]] == ["WTR-S-FIELD"]
    html = response.content.decode()
    assert "인력개발과" not in html and "(HRD)" not in html
    assert "담당 부서 밖의 이력 1건은 표시하지 않습니다" in html

    # Someone who left the manager's subtree is not theirs to open, history or not.
    load([("1001", "김민수", "HRD", "7급 주무관", "")], TODAY)
    assert client.get(inspect_url).status_code == 404


def test_hr_editing_a_department_in_the_admin_moves_the_person_as_of_today(client, hr_user, departments):
    load([KIM], LAST_YEAR)
    profile = User.objects.get(username="1001").profile
    client.force_login(hr_user)
    response = client.post(
        reverse("people_staff:edit", args=[profile.pk]),
        {"department": departments["CSV-ANS"].pk, "rank": "7급 주무관", "active_from": LAST_YEAR.isoformat(),
         "active_until": "", "managed_department": ""},
    )
    assert response.status_code == 302
    assert history("1001") == [("CSV-OPEN", "7급 주무관", LAST_YEAR, TODAY), ("CSV-ANS", "7급 주무관", TODAY, None)]
