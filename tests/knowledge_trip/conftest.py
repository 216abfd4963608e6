import pytest

from .factories import make_series_index, make_staff


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def series_index(db):
    return make_series_index()
