"""Korean login by 직원번호, logout and password change."""

import pytest

from tests.home.conftest import PASSWORD


@pytest.mark.django_db
def test_login_page_asks_for_the_employee_number(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">직원번호' in html
    assert '<label for="id_password">비밀번호' in html
    assert 'autocomplete="username"' in html


@pytest.mark.django_db
def test_wrong_password_gets_a_korean_message_and_keeps_the_number(client, staff_member):
    response = client.post("/accounts/login/", {"username": "2000123", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "직원번호 또는 비밀번호가 올바르지 않습니다." in html
    assert 'value="2000123"' in html


@pytest.mark.django_db
def test_empty_login_form_lists_korean_required_errors(client):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert html.count("필수 작성 항목입니다") == 2
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_username_error"' in html


@pytest.mark.django_db
def test_deactivated_staff_cannot_log_in(client, staff_member):
    staff_member.is_active = False
    staff_member.save()
    html = client.post("/accounts/login/", {"username": "2000123", "password": PASSWORD}).content.decode()
    assert "직원번호 또는 비밀번호가 올바르지 않습니다." in html


@pytest.mark.django_db
def test_login_by_employee_number_goes_home_or_to_next(client, staff_member):
    response = client.post("/accounts/login/", {"username": "2000123", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"

    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "2000123", "password": PASSWORD, "next": "/me/"})
    assert response.url == "/me/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/password/", "/me/"])
def test_pages_for_signed_in_staff_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


@pytest.mark.django_db
def test_password_change_shows_korean_labels_and_errors(staff_client):
    html = staff_client.get("/accounts/password/").content.decode()
    for label in ["기존 비밀번호", "새 비밀번호", "새 비밀번호 (확인)", "비밀번호는 최소 8자 이상이어야 합니다."]:
        assert label in html

    html = staff_client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": "1234", "new_password2": "5678"}
    ).content.decode()
    assert "기존 비밀번호를 잘못 입력하셨습니다." in html
    assert "비밀번호가 일치하지 않습니다." in html


@pytest.mark.django_db
def test_password_change_succeeds_and_keeps_the_session(staff_client, staff_member):
    response = staff_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "mind-rest-2018", "new_password2": "mind-rest-2018"},
        follow=True,
    )
    assert "비밀번호를 변경했습니다" in response.content.decode()
    staff_member.refresh_from_db()
    assert staff_member.check_password("mind-rest-2018")
    assert staff_client.get("/me/").status_code == 200
