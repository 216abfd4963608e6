"""SQLite search ranked from one FTS5 MATCH gives Wagtail's own results in Wagtail's own order."""

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.fts import OnePassResults, one_pass
from search.selectors import database_query
from tests.knowledge_trip.factories import make_episode, make_series_index

pytestmark = pytest.mark.django_db

SUMMARIES = [
    ("악성민원 대응 기본", "악성민원을 만나면 녹음을 고지하고 응대합니다."),
    ("민원인의 마음", "민원인은 불만을 말하며 민원을 되풀이합니다."),
    ("전화 응대 5원칙", "전화 민원은 세 번 울리기 전에 받습니다."),
    ("폭언 앞에서", "폭언과 욕설이 이어지면 악성민원으로 보고 통화를 끝냅니다."),
    ("첫인사", "첫인사 3초가 민원을 바꿉니다."),
    ("쉬운 말", "어려운 행정 용어 대신 쉬운 말로 안내합니다."),
]
QUERIES = ["악성민원", "민원을 응대하는", "폭언", "쉬운 말로 안내하기", "악셩민원", "없는말"]


@pytest.fixture
def episodes():
    index = make_series_index()
    episodes = []
    for title, summary in SUMMARIES:
        episode = make_episode(index, title)
        episode.summary = summary
        episode.save()  # indexed again on save
        episodes.append(episode)
    return episodes


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite의 FTS5 색인만 해당합니다")
@pytest.mark.parametrize("query", QUERIES)
def test_one_pass_gives_wagtails_results_in_wagtails_order(episodes, query):
    backend = get_search_backend()
    pages = Page.objects.live().specific()

    wagtail = backend.search(database_query(query), pages, operator="or")
    ours = one_pass(backend.search(database_query(query), pages, operator="or"))

    assert isinstance(ours, OnePassResults)
    assert [page.pk for page in ours] == [page.pk for page in wagtail]
    assert ours.count() == wagtail.count() == len(ours)
    assert [page.pk for page in ours[1:3]] == [page.pk for page in wagtail[1:3]]
    if wagtail.count():
        assert ours[0].pk == wagtail[0].pk
        assert type(ours[0]) is type(wagtail[0])  # .specific() pages, as Wagtail gives them


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite의 FTS5 색인만 해당합니다")
def test_one_pass_keeps_the_page_filter_and_autocomplete(episodes):
    backend = get_search_backend()
    hidden = episodes[0]
    hidden.unpublish()
    pages = Page.objects.live().specific()

    found = one_pass(backend.search(database_query("악성민원"), pages, operator="or"))
    assert hidden.pk not in [page.pk for page in found]
    assert [page.pk for page in found] == [page.pk for page in backend.search(database_query("악성민원"), pages, operator="or")]

    prefixes = one_pass(backend.autocomplete("폭", pages))
    assert [page.title for page in prefixes] == [page.title for page in backend.autocomplete("폭", pages)] == ["폭언 앞에서"]


def test_other_backends_results_are_left_as_they_are(episodes):
    results = get_search_backend().search("민원", Page.objects.live())
    if connection.vendor == "sqlite":
        assert isinstance(one_pass(results), OnePassResults)
    else:
        assert one_pass(results) is results
