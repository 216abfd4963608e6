"""Login throttling (django-axes): guessing one account, or 직원번호 after 직원번호 from one address, is
slowed to a few tries per cool-off; the refusal ends by itself, says when in Korean, and HR can lift it."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import F
from django.test import Client, RequestFactory

from lms.home.throttling import client_ip
from lms.people import roles
from lms.people.models import User
from tests.home.conftest import PASSWORD

LOGIN = "/accounts/login/"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def post_login(client, username, password, *, address=ATTACKER, path=LOGIN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


def pass_the_cool_off():
    """Time passing: every recorded failure becomes one cool-off (and a second) older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1))


@pytest.fixture
def other_member(fee_division):
    return User.objects.create_user("2000124", password=PASSWORD, name="이민원")


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused_in_korean(client, staff_member):
    for _ in range(30):
        post_login(client, "2000123", "wrong-guess")
    response = post_login(client, "2000123", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert not signed_in(client)
    assert "로그인에 여러 번 실패해 잠시 로그인을 막았습니다." in html
    assert "이후(약 15분 뒤)에 다시 시도해 주세요" in html
    assert '<form method="post" action="/accounts/login/"' in html  # still the login page, in the site's layout
    assert '<header class="site-header">' in html and '<main id="main" class="site-main"' in html


@pytest.mark.django_db
def test_after_the_cool_off_the_right_password_works(client, staff_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "2000123", "wrong-guess")
    assert post_login(client, "2000123", PASSWORD).status_code == 429
    pass_the_cool_off()
    response = post_login(client, "2000123", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_another_account_from_another_address_is_not_refused(client, staff_member, other_member):
    for _ in range(30):
        post_login(client, "2000123", "wrong-guess")
    response = post_login(client, "2000124", PASSWORD, address=COLLEAGUE)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_one_account_guessed_from_many_addresses_is_refused_everywhere(client, staff_member):
    for number in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "2000123", f"guess-{number}", address=f"192.0.2.{number + 1}")
    assert post_login(client, "2000123", PASSWORD, address=COLLEAGUE).status_code == 429


@pytest.mark.django_db
def test_sequential_employee_numbers_from_one_address_are_refused(client, other_member):
    for number in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, f"{2000200 + number}", "1234qwer!")
    # The address is refused, even for an account it has not tried yet with its right password.
    assert post_login(client, "2000124", PASSWORD).status_code == 429
    assert post_login(client, "2000124", PASSWORD, address=COLLEAGUE).status_code == 302


@pytest.mark.django_db
def test_signing_in_to_ones_own_account_does_not_reset_the_address(client, staff_member, other_member):
    """An insider enumerating colleagues' accounts cannot clear their address's count with their own login."""
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, f"{2000200 + number}", "1234qwer!")
    assert post_login(client, "2000124", PASSWORD).status_code == 302  # their own account, right password
    client.logout()
    post_login(client, "2000300", "1234qwer!")
    assert post_login(client, "2000123", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_wagtail_admin_login_is_throttled_too(client, staff_member):
    staff_member.is_superuser = True
    staff_member.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "2000123", "wrong-guess", path="/admin/login/")
    response = post_login(client, "2000123", PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert "다시 시도해 주세요" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.django_db
def test_lockout_is_recorded_and_hr_reads_and_lifts_it(client, staff_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "2000123", "wrong-guess")
    assert AccessAttempt.objects.filter(username="2000123", failures_since_start=settings.AXES_FAILURE_LIMIT).exists()
    assert AccessFailureLog.objects.filter(username="2000123", locked_out=True).exists()

    hr = User.objects.create_user("2000999", password=PASSWORD, name="박인사")
    hr.groups.add(Group.objects.get(name=roles.HR))
    hr_client = Client()
    hr_client.force_login(hr)
    listing = hr_client.get("/admin/people/login-attempts/").content.decode()
    assert "2000123" in listing and ATTACKER in listing and "잠김 (" in listing
    assert "2000123" in hr_client.get("/admin/people/login-failures/").content.decode()
    attempt = AccessAttempt.objects.get(username="2000123")
    unlock_url = f"/admin/people/login-attempts/unlock/{attempt.pk}/"
    assert "계정 잠금 해제" in hr_client.get(unlock_url).content.decode()
    assert hr_client.post(unlock_url, {"scope": "account"}).status_code == 302

    assert not AccessAttempt.objects.filter(username="2000123").exists()
    assert post_login(client, "2000123", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_staff_and_editors_cannot_read_or_lift_lockouts(client, staff_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "2000124", "wrong-guess")
    attempt = AccessAttempt.objects.get()
    staff_member.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(staff_member)
    assert client.get("/admin/people/login-attempts/").status_code in {302, 403}
    assert client.post(f"/admin/people/login-attempts/unlock/{attempt.pk}/", {"scope": "account"}).status_code in {302, 403}
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post(LOGIN, REMOTE_ADDR=remote, **extra)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7", "10.9.9.9")) == "203.0.113.7"


def test_behind_nginx_the_address_nginx_saw_counts_not_what_the_client_sent(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; the client forged the first entry.
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("10.0.0.2")) == "10.0.0.2"  # reached Django without the proxy
    assert client_ip(_request("10.0.0.2", "not-an-address")) == "10.0.0.2"


@pytest.mark.django_db
def test_rotating_a_forged_forwarded_header_does_not_escape_the_throttle(client, staff_member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"{2000200 + number}", "password": "1234qwer!"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ATTACKER}",
        )
    response = client.post(
        LOGIN, {"username": "2000123", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}"
    )
    assert response.status_code == 429
