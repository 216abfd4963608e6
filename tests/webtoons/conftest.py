import pytest
from django.core.cache import caches

from .factories import make_series


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches renditions by image id, and SQLite reuses ids after a test rolls back."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def series(db):
    return make_series()


@pytest.fixture
def editor_client(client, db):
    from lms.people.models import User

    editor = User.objects.create_superuser(username="90000001", password="pw-editor-1234", name="편집자")
    client.force_login(editor)
    return client
