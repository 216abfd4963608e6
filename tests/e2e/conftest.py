import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.e2e.walk import walk_demo


@pytest.fixture(scope="session")
def demo_walk(django_db_setup, django_db_blocker, live_server, chromium):
    """Every demo login's walk through the loaded demo (tests/e2e/walk.py), made once for the tests that
    judge it: loading the demo takes minutes. Earlier transactional tests leave the tables empty, so the
    migrations' rows (site, home page, roles) are restored first; the tests using the walk are
    transactional, so the demo is flushed after the first of them (tests/conftest.py)."""
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        call_command("load_demo", stdout=io.StringIO())
        return walk_demo(chromium, live_server.url)
