"""The signed-in user is read from the cache, and never served stale after the user row changes."""

import pytest
from lms.people.models import User
from lms.people.roster import apply_roster

from .conftest import csv_bytes, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def person(departments):
    return make_person("1001", departments["CSV-OPEN"], password=PASSWORD)


PASSWORD = "pw-1234!"


def signed_in(client, user):
    client.force_login(user)
    return client


def whoami(client):
    """The username the site sees for this client ('' when signed out)."""
    response = client.get("/me/")
    return response.wsgi_request.user.get_username()


def test_a_signed_in_request_reads_the_user_from_the_cache(client, person, django_assert_num_queries):
    signed_in(client, person)
    assert whoami(client) == person.username  # loads and caches the user
    from lms.people.backends import CachedModelBackend

    with django_assert_num_queries(0):
        assert CachedModelBackend().get_user(person.pk).pk == person.pk


def test_a_deactivated_user_is_signed_out_at_once(client, person):
    signed_in(client, person)
    assert whoami(client) == person.username
    person.is_active = False
    person.save()
    assert whoami(client) == ""


def test_a_password_change_keeps_this_session_and_ends_the_others(client, person):
    from django.test import Client

    other = signed_in(Client(), person)
    signed_in(client, person)
    assert whoami(other) == whoami(client) == person.username
    new_password = "새-비밀번호-1234!"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert whoami(client) == person.username, "the session that changed the password stays signed in"
    assert whoami(other) == "", "a session signed in with the old password is signed out"


def test_the_roster_import_deactivation_reaches_signed_in_staff(client, departments):
    code = next(iter(departments))
    rows = [("1001", "김민원", code, "주무관", ""), ("1002", "이응대", code, "주무관", "")]
    apply_roster(csv_bytes(rows), "a.csv", full_import=True)
    leaving = User.objects.get(username="1002")
    signed_in(client, leaving)
    assert whoami(client) == "1002"
    apply_roster(csv_bytes(rows[:1]), "a.csv", full_import=True, confirmed_deactivations=1)  # 1002 left: deactivated by a bulk UPDATE
    assert whoami(client) == ""
