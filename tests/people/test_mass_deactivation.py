"""A full import that would deactivate many staff (a one-row file sent as the whole roster) needs the number typed."""

import pytest
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from lms.people.models import RosterUpload, StaffProfile, User
from lms.people.roster import DeactivationNotConfirmed, apply_roster, preview_roster
from tests.browser import PHONE, check_page, new_page

from .conftest import csv_bytes, make_person

pytestmark = pytest.mark.django_db
STAFF = 7_430  # the platform's real headcount order of magnitude


def make_staff_bulk(count, department):
    """`count` active staff with profiles, numbered 2000001…, written with bulk queries like the import does."""
    User.objects.bulk_create(
        [
            User(username=f"{2_000_001 + n}", name=f"직원{n}", password=UNUSABLE_PASSWORD_PREFIX + "x")
            for n in range(count)
        ],
        batch_size=1000,
    )
    users = User.objects.filter(username__startswith="2").values_list("pk", flat=True)
    StaffProfile.objects.bulk_create([StaffProfile(user_id=pk, department=department) for pk in users], batch_size=1000)


def one_row_file(department_code):
    return csv_bytes([("2000001", "직원0", department_code, "", "")])


def test_a_one_row_full_roster_warns_with_the_numbers_and_is_refused_without_the_typed_number(departments):
    make_staff_bulk(STAFF, departments["HRD"])
    data = one_row_file("HRD")

    plan = preview_roster(data, "명단.csv", full_import=True)
    assert plan.active_staff == STAFF and len(plan.to_deactivate) == STAFF - 1
    assert plan.needs_deactivation_confirmation
    assert "재직 중인 직원 7,430명 중 7,429명(100.0%)이 비활성화됩니다" in plan.deactivation_warning()

    for typed in (None, 7430, 1):
        with pytest.raises(DeactivationNotConfirmed, match="7429를 정확히 입력해야"):
            apply_roster(data, "명단.csv", full_import=True, confirmed_deactivations=typed)
    assert User.objects.filter(is_active=True).count() == STAFF  # nothing written

    plan = apply_roster(data, "명단.csv", full_import=True, confirmed_deactivations=STAFF - 1)
    assert User.objects.filter(is_active=True).count() == 1


def test_deactivating_a_small_share_needs_no_confirmation_and_the_share_is_a_setting(departments, settings):
    make_staff_bulk(20, departments["HRD"])
    everyone_but_two = [(f"{2_000_001 + n}", f"직원{n}", "HRD", "", "") for n in range(18)]  # 2 of 20 = 10 %
    data = csv_bytes(everyone_but_two)
    assert not preview_roster(data, "명단.csv", full_import=True).needs_deactivation_confirmation

    settings.ROSTER_DEACTIVATION_CONFIRM_SHARE = 0.05
    assert preview_roster(data, "명단.csv", full_import=True).needs_deactivation_confirmation

    settings.ROSTER_DEACTIVATION_CONFIRM_SHARE = 0.10
    apply_roster(data, "명단.csv", full_import=True)
    assert User.objects.filter(is_active=False).count() == 2


def test_a_partial_import_of_one_row_asks_nothing(departments):
    make_staff_bulk(50, departments["HRD"])
    plan = preview_roster(one_row_file("HRD"), "명단.csv", full_import=False)
    assert not plan.to_deactivate and not plan.needs_deactivation_confirmation


def test_the_command_refuses_a_mass_deactivation_without_confirm_deactivations(departments, tmp_path, capsys):
    make_staff_bulk(30, departments["HRD"])
    path = tmp_path / "명단.csv"
    path.write_bytes(one_row_file("HRD"))
    with pytest.raises(CommandError, match="29를 정확히 입력해야"):
        call_command("import_roster", str(path), "--apply", "--full")
    assert "재직 중인 직원 30명 중 29명" in capsys.readouterr().err
    assert User.objects.filter(is_active=True).count() == 30
    call_command("import_roster", str(path), "--apply", "--full", "--confirm-deactivations", "29")
    assert User.objects.filter(is_active=True).count() == 1


def preview_of_one_row_full_roster(client, hr_user):
    client.force_login(hr_user)
    client.post(
        reverse("people_roster_import"),
        {"file": SimpleUploadedFile("명단.csv", one_row_file("HRD")), "full_import": "on"},
    )
    return reverse("people_roster_preview", args=[RosterUpload.objects.get().token])


def test_the_preview_says_so_in_red_and_apply_needs_the_typed_number(client, hr_user, departments):
    make_staff_bulk(STAFF - 1, departments["HRD"])  # with the HR user: 7,430 active staff
    preview_url = preview_of_one_row_full_roster(client, hr_user)

    html = client.get(preview_url).content.decode()
    assert 'class="help-block help-critical roster-mass-deactivation" role="alert"' in html
    assert "재직 중인 직원 7,430명 중 7,429명(100.0%)이 비활성화됩니다" in html
    assert 'name="confirm_deactivations"' in html

    for typed in ("", "7430", "전체"):  # no number, a wrong one, a word; also a POST that skips the JS/required
        response = client.post(preview_url, {"confirm_deactivations": typed})
        assert response.status_code == 200
        html = response.content.decode()
        assert "비활성화될 인원 수 7429를 정확히 입력해야 적용됩니다" in html
        assert 'aria-invalid="true"' in html
    assert User.objects.filter(is_active=True).count() == STAFF
    assert not RosterUpload.objects.get().applied_at

    response = client.post(preview_url, {"confirm_deactivations": "7,429"})
    assert response.status_code == 302
    assert User.objects.filter(is_active=True).count() == 1
    assert RosterUpload.objects.get().result["deactivated"] == STAFF - 1


def test_an_ordinary_full_import_preview_has_no_warning(client, hr_user, departments):
    client.force_login(hr_user)
    client.post(
        reverse("people_roster_import"),
        {"file": SimpleUploadedFile("명단.csv", csv_bytes([(hr_user.username, "박인사", "HRD", "", "")])), "full_import": "on"},
    )
    html = client.get(reverse("people_roster_preview", args=[RosterUpload.objects.get().token])).content.decode()
    assert "roster-mass-deactivation" not in html and 'name="confirm_deactivations"' not in html


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_warning_preview_on_a_phone_passes_axe(chromium, live_server, departments, tmp_path):
    from django.conf import settings as django_settings

    from lms.people import roles

    hr_user = make_person("9000001", departments["HRD"], name="박인사", groups=[roles.HR])
    make_staff_bulk(40, departments["HRD"])
    client = Client()
    preview_url = preview_of_one_row_full_roster(client, hr_user)
    page = new_page(chromium, viewport=PHONE)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    try:
        page.goto(f"{live_server.url}{preview_url}")
        warning = page.locator(".roster-mass-deactivation")
        assert "재직 중인 직원 41명 중 40명" in warning.inner_text()
        colour = warning.locator("p").evaluate("p => getComputedStyle(p).color")
        red, green, blue = (int(part) for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
        assert red > 150 and green < 100 and blue < 100, colour  # red
        page.screenshot(path=str(tmp_path / "roster-warning-phone.png"), full_page=True)
        check_page(page)
        page.fill("#id_confirm_deactivations", "40")
        page.get_by_role("button", name="적용").click()
        page.wait_for_url(f"**/result/")
        assert User.objects.filter(is_active=True).count() == 1
    finally:
        page.context.close()
