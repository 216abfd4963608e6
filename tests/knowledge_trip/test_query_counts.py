"""The feed, index and episode pages run a bounded number of queries, however many episodes there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.knowledge_trip.models import KnowledgeTripRelatedEpisode
from lms.records.services import mark_complete

from .factories import days_ago, make_episode

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def queries_for(client, url):
    client.get(url)  # warm up: the first view creates the poster renditions once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def twenty_episodes(series_index, staff):
    episodes = [make_episode(series_index, f"영상 {n:02d}", published_on=days_ago(n)) for n in range(20)]
    for episode in episodes[:5]:
        mark_complete(user=staff, page=episode)
    return episodes


@pytest.mark.parametrize("path", ["", "?page=2", "feed/rss/", "feed/atom/"])
def test_the_index_and_feeds_stay_within_the_query_budget(staff_client, series_index, twenty_episodes, path, django_assert_max_num_queries):
    url = series_index.url + path
    staff_client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert staff_client.get(url).status_code == 200


def test_the_index_does_not_query_per_episode(staff_client, series_index, staff):
    for n in range(2):
        make_episode(series_index, f"처음 영상 {n}", published_on=days_ago(n + 10))
    with_two = queries_for(staff_client, series_index.url)
    for n in range(10):
        make_episode(series_index, f"추가 영상 {n}", published_on=days_ago(n))
    with_twelve = queries_for(staff_client, series_index.url)
    assert with_twelve == with_two


def test_the_episode_page_stays_within_the_query_budget(staff_client, twenty_episodes, django_assert_max_num_queries):
    episode = twenty_episodes[0]
    for related in twenty_episodes[1:5]:
        episode.related_episode_links.add(KnowledgeTripRelatedEpisode(episode=related))
    episode.save()
    staff_client.get(episode.url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = staff_client.get(episode.url)
    assert len(response.context["related_episodes"]) == 4
