import pytest

pytest_plugins = ["tests.browser"]


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, threads) flush every table when they finish, including the rows
    data migrations create (site, home page, roles, topics). Restore them for every such test, so tests
    pass in any order."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = {"transactional_db", "live_server"} & set(item.fixturenames) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Serialized rollback restores from `connection._test_serialized_contents`, an attribute of the
    connection object that created the test database. Once Playwright's sync API runs an event loop on
    the test thread, Django hands out new connection objects (asgiref treats the thread as async), which
    lack it, and the restore is silently skipped. Keep it on the class so every connection has it."""
    from django.db import connections

    connection = connections["default"]
    if hasattr(connection, "_test_serialized_contents"):
        type(connection)._test_serialized_contents = connection._test_serialized_contents


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
