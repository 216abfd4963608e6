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


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
