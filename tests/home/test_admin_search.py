"""Every listing of the admin answers its search box, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from media_pipeline.models import Video
from tests.factories import make_staff

# A query with Korean, digits and a word editors use: search must answer, not crash.
QUERY = "악성민원 2018"


def _listing_url_names(patterns=None, namespace=""):
    """Names of the admin's listing views: argument-free `index`/`list` views under /admin/."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _listing_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name in {"index", "list"} and not pattern.pattern.converters:
            if not pattern.pattern.regex.groupindex:
                yield f"{namespace}{pattern.name}"


@pytest.fixture
def admin_client(client, db):
    admin = make_staff(username="9999999", name="관리자")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def admin_listings():
    urls = {}
    for name in _listing_url_names():
        try:
            url = reverse(name)
        except Exception:  # a listing that needs a parent (e.g. a page's children) is searched elsewhere
            continue
        if url.startswith("/admin/"):
            urls[name] = url
    return urls


def test_every_admin_listing_answers_its_search(admin_client):
    # A row to search, so the search backend's query really runs (an empty index answers nothing).
    Video.objects.create(title="악성민원 응대", description="2018년 사례", source="videos/sources/a.mp4")
    listings = admin_listings()
    # The listings this platform relies on are among them, so the walk cannot silently find nothing.
    expected = {"/admin/snippets/media_pipeline/video/", "/admin/images/", "/admin/documents/", "/admin/users/"}
    assert expected <= set(listings.values())
    failures = {}
    for name, url in sorted(listings.items()):
        response = admin_client.get(url, {"q": QUERY})
        if response.status_code != 200:
            failures[name] = response.status_code
    assert failures == {}
    assert admin_client.get(reverse("wagtailadmin_pages:search"), {"q": QUERY}).status_code == 200


def test_video_search_finds_words_of_the_description(admin_client):
    Video.objects.create(title="응대 기본", description="악성민원 응대 사례를 다룹니다.", source="videos/sources/a.mp4")
    Video.objects.create(title="다른 영상", description="", source="videos/sources/b.mp4")
    response = admin_client.get(reverse("wagtailsnippets_media_pipeline_video:list"), {"q": "악성민원"})
    assert response.status_code == 200
    assert "응대 기본" in response.content.decode()
    assert "다른 영상" not in response.content.decode()
