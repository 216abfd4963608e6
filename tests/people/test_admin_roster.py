import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.people import roles
from lms.people.models import RosterUpload, StaffProfile, User

from .conftest import csv_bytes, make_person, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("people_roster_import")
ROSTER_URL = reverse("people_staff:index")
ROWS = [
    ("1001", "김민수", "CSV-OPEN", "7급 주무관", "minsu.kim@seoul.go.kr"),
    ("1002", "이서연", "WTR-S-FEE", "6급 주무관", "seoyeon.lee@seoul.go.kr"),
]


def upload(client, data, name="명단.csv", full_import=False):
    payload = {"file": SimpleUploadedFile(name, data)}
    if full_import:
        payload["full_import"] = "on"
    return client.post(IMPORT_URL, payload)


def test_hr_imports_a_cp949_roster_through_preview_and_apply(client, hr_user):
    client.force_login(hr_user)
    assert client.get(IMPORT_URL).status_code == 200

    response = upload(client, csv_bytes(ROWS, encoding="cp949"))
    stored = RosterUpload.objects.get()
    preview_url = reverse("people_roster_preview", args=[stored.token])
    assert response.status_code == 302 and response.url == preview_url

    response = client.get(preview_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "미리 보기입니다" in html and "김민수" in html and "적용</button>" in html
    assert response.context["plan"].counts()["created"] == 2
    assert not User.objects.filter(username="1001").exists()  # a preview changes nothing

    response = client.post(preview_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("people_roster_result", args=[stored.token])
    assert "직원 명단을 적용했습니다: 추가 2명" in response.content.decode()
    assert User.objects.get(username="1002").profile.department.code == "WTR-S-FEE"
    stored_name = stored.file.name
    stored.refresh_from_db()
    assert stored.applied_at and stored.result["created"] == 2
    assert not stored.file.storage.exists(stored_name)  # personal data is not kept

    # Applying twice (double click, back button) does nothing more.
    response = client.post(preview_url)
    assert response.status_code == 302
    assert User.objects.filter(username__in=["1001", "1002"]).count() == 2


def test_preview_lists_every_error_in_korean_and_apply_is_refused(client, hr_user):
    client.force_login(hr_user)
    rows = ROWS + [("1003", "", "HRD", "", ""), ("1004", "박지훈", "NOPE", "", "bad@"), ("1001", "김민수", "HRD", "", "")]
    upload(client, xlsx_bytes(rows), name="명단.xlsx", full_import=True)
    preview_url = reverse("people_roster_preview", args=[RosterUpload.objects.get().token])

    html = client.get(preview_url).content.decode()
    assert "오류 4건" in html
    for message in [
        "성명이 비어 있습니다.",
        "없는 부서코드입니다: NOPE",
        "이메일 형식이 올바르지 않습니다: bad@",
        "직원번호 1001이 2행과 중복됩니다.",
    ]:
        assert message in html
    assert "적용</button>" not in html

    response = client.post(preview_url)
    assert response.status_code == 200
    assert "명단에 오류가 4건 있어 적용하지 않았습니다." in response.content.decode()
    assert not User.objects.filter(username__in=["1001", "1002"]).exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "a.csv", "빈 파일입니다."),
        (b"abc", "a.xls", "예전 Excel 형식(.xls)은 읽을 수 없습니다"),
        (b"abc", "a.pdf", "CSV 또는 XLSX 파일만 올릴 수 있습니다."),
    ],
)
def test_upload_form_rejects_files_it_cannot_take(client, hr_user, data, name, message):
    client.force_login(hr_user)
    response = upload(client, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RosterUpload.objects.exists()


def test_unreadable_file_is_explained_on_the_preview(client, hr_user):
    client.force_login(hr_user)
    upload(client, bytes(range(256)) * 4, name="명단.csv")
    html = client.get(reverse("people_roster_preview", args=[RosterUpload.objects.get().token])).content.decode()
    assert "파일 전체" in html and "파일을 읽을 수 없습니다" in html


def test_full_import_preview_shows_who_will_be_deactivated(client, hr_user, departments):
    make_person("0042", departments["GAD"], name="퇴직자")
    client.force_login(hr_user)
    upload(client, csv_bytes(ROWS), full_import=True)
    stored = RosterUpload.objects.get()
    preview_url = reverse("people_roster_preview", args=[stored.token])
    response = client.get(preview_url)
    deactivated = {person.employee_number for person in response.context["plan"].to_deactivate}
    assert {"0042", hr_user.username} <= deactivated
    assert "퇴직자" in response.content.decode()
    client.post(preview_url, {"confirm_deactivations": str(len(deactivated))})
    assert User.objects.filter(username="0042", is_active=False).exists()  # still there, inactive


def test_an_upload_belongs_to_the_hr_user_who_made_it(client, hr_user, departments):
    other_hr = make_person("9000009", departments["HRD"], groups=[roles.HR])
    client.force_login(hr_user)
    upload(client, csv_bytes(ROWS))
    client.force_login(other_hr)
    assert client.get(reverse("people_roster_preview", args=[RosterUpload.objects.get().token])).status_code == 404


# --- permissions ----------------------------------------------------------------------------------


def test_roles_exist_with_their_permissions(db):
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert codenames(roles.STAFF) == set()
    assert "access_admin" in codenames(roles.EDITOR) and "view_staffprofile" not in codenames(roles.EDITOR)
    assert {"access_admin", "import_roster", "view_all_staff", "change_department"} <= codenames(roles.HR)
    assert codenames(roles.DEPARTMENT_MANAGER) == {
        "access_admin", "view_staffprofile", "view_department", "view_registration", "view_attendance",
        "view_completion_records", "export_completion_records", "view_survey_results",
    }
    editor = Group.objects.get(name=roles.EDITOR)
    assert editor.page_permissions.filter(permission__codename="publish_page").exists()
    assert editor.collection_permissions.filter(permission__codename="add_image").exists()


def test_plain_staff_cannot_open_the_admin_roster_or_import(client, staff_user):
    client.force_login(staff_user)
    for url in [ROSTER_URL, IMPORT_URL]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_editors_cannot_see_the_roster_or_import(client, editor_user):
    client.force_login(editor_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they do have the admin
    for url in [ROSTER_URL, IMPORT_URL]:
        response = client.get(url)
        assert response.status_code in {302, 403}
        assert "김직원" not in response.content.decode()
    response = upload(client, csv_bytes(ROWS))
    assert response.status_code in {302, 403}
    assert not RosterUpload.objects.exists()
    assert IMPORT_URL not in client.get(reverse("wagtailadmin_home")).content.decode()  # not in the menu


def test_department_manager_sees_only_their_subtree(client, water_manager, departments, staff_user):
    in_subtree = make_person("5001", departments["WTR-S-FIELD"], name="정현장")
    client.force_login(water_manager)

    response = client.get(ROSTER_URL)
    assert response.status_code == 200
    shown = {profile.user.username for profile in response.context["object_list"]}
    assert shown == {water_manager.username, in_subtree.username}
    assert "김직원" not in response.content.decode()

    inspect = lambda profile: reverse("people_staff:inspect", args=[profile.pk])  # noqa: E731
    assert client.get(inspect(in_subtree.profile)).status_code == 200
    assert client.get(inspect(staff_user.profile)).status_code == 404
    # view-only: no editing, no import
    edit = client.get(reverse("people_staff:edit", args=[in_subtree.profile.pk]))
    assert edit.status_code in {302, 403}
    assert client.get(IMPORT_URL).status_code in {302, 403}


def test_manager_without_a_managed_department_sees_nobody(client, departments):
    manager = make_person("5002", departments["GAD"], groups=[roles.DEPARTMENT_MANAGER])
    client.force_login(manager)
    response = client.get(ROSTER_URL)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []


def test_hr_sees_everyone_searches_and_filters_by_department_subtree(client, hr_user, departments, staff_user):
    make_person("5001", departments["WTR-S-FIELD"], name="정현장")
    make_person("5003", departments["WTR-S-FEE"], name="한요금")
    client.force_login(hr_user)

    response = client.get(ROSTER_URL)
    assert {p.user.username for p in response.context["object_list"]} == set(
        StaffProfile.objects.values_list("user__username", flat=True)
    )
    response = client.get(ROSTER_URL, {"q": "현장"})
    assert [p.user.name for p in response.context["object_list"]] == ["정현장"]
    response = client.get(ROSTER_URL, {"q": "9000003"})
    assert [p.user.name for p in response.context["object_list"]] == ["김직원"]
    response = client.get(ROSTER_URL, {"department": departments["WTR-S"].pk})
    assert {p.user.name for p in response.context["object_list"]} == {"정현장", "한요금"}
    assert IMPORT_URL in client.get(reverse("wagtailadmin_home")).content.decode()  # in the menu


def test_hr_edits_a_profile_but_cannot_add_or_delete_staff(client, hr_user, staff_user, departments):
    client.force_login(hr_user)
    profile = staff_user.profile
    response = client.post(
        reverse("people_staff:edit", args=[profile.pk]),
        {
            "department": departments["CSV-ANS"].pk,
            "rank": "6급 주무관",
            "active_from": "",
            "active_until": "",
            "managed_department": "",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.department.code, profile.rank) == ("CSV-ANS", "6급 주무관")
    assert client.get(reverse("people_staff:add")).status_code in {302, 403}
    assert client.post(reverse("people_staff:delete", args=[profile.pk])).status_code in {302, 403}
    assert StaffProfile.objects.filter(pk=profile.pk).exists()
