import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripRelatedEpisode, Topic
from lms.records.services import mark_complete

from .factories import days_ago, make_episode

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_three_topics_of_the_plan_are_seeded_and_editable():
    assert list(Topic.objects.values_list("name", flat=True)) == [
        "공직자 서비스 마인드",
        "시민과의 소통기법",
        "시민의 마음을 읽는 법",
    ]
    topic = Topic.objects.get(name="시민과의 소통기법")
    topic.name = "시민과의 소통 기법"
    topic.save()
    assert Topic.objects.filter(name="시민과의 소통 기법").exists()


def test_an_episode_without_a_video_is_refused_in_korean(series_index):
    episode = KnowledgeTripEpisodePage(title="영상 없는 회차", summary="요약", topic=Topic.objects.first())
    with pytest.raises(ValidationError) as error:
        episode.full_clean()
    assert error.value.message_dict["video"] == ["동영상을 선택하세요."]


def test_the_index_and_episodes_are_for_signed_in_staff(client, series_index):
    episode = make_episode(series_index, "첫인사의 힘")
    for url in (series_index.url, episode.url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_index_shows_this_weeks_episodes_first_then_the_rest_by_date(staff_client, series_index):
    make_episode(series_index, "지난달 영상", published_on=days_ago(30))
    make_episode(series_index, "어제 영상", published_on=days_ago(1))
    make_episode(series_index, "열흘 전 영상", published_on=days_ago(10))
    make_episode(series_index, "오늘 영상", published_on=days_ago(0))
    make_episode(series_index, "비공개 초안", live=False)

    response = staff_client.get(series_index.url)

    assert response.status_code == 200
    assert [e.title for e in response.context["new_this_week"]] == ["오늘 영상", "어제 영상"]
    assert [e.title for e in response.context["episodes"]] == ["열흘 전 영상", "지난달 영상"]
    html = response.content.decode()
    assert html.index("이번 주 새 영상") < html.index("오늘 영상") < html.index("어제 영상") < html.index("열흘 전 영상")
    assert "비공개 초안" not in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_the_index_paginates_older_episodes(staff_client, series_index):
    for number in range(14):
        make_episode(series_index, f"지난 영상 {number:02d}", published_on=days_ago(10 + number))

    first = staff_client.get(series_index.url)
    second = staff_client.get(series_index.url, {"page": 2})

    assert len(first.context["episodes"]) == 12
    assert [e.title for e in second.context["episodes"]] == ["지난 영상 12", "지난 영상 13"]
    assert "2 / 2 쪽" in second.content.decode()


def test_the_index_marks_episodes_the_learner_has_completed(staff, staff_client, series_index):
    watched = make_episode(series_index, "다 본 영상", published_on=days_ago(2))
    make_episode(series_index, "안 본 영상", published_on=days_ago(3))
    mark_complete(user=staff, page=watched)

    response = staff_client.get(series_index.url)

    assert {e.title for e in response.context["new_this_week"] if e.viewer_completed} == {"다 본 영상"}
    assert response.content.decode().count('<span class="badge">이수</span>') == 1


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


def test_rss_and_atom_feeds_are_valid_and_list_only_live_episodes(client, series_index):
    make_episode(series_index, "오래된 영상", published_on=days_ago(20))
    make_episode(series_index, "새 영상", published_on=days_ago(1))
    make_episode(series_index, "초안 영상", live=False)
    scheduled = make_episode(series_index, "예약 영상", live=False)
    scheduled.go_live_at = timezone.now() + dt.timedelta(days=2)
    scheduled.save_revision().publish()
    assert not KnowledgeTripEpisodePage.objects.get(pk=scheduled.pk).live

    response, rss = _feed(client, series_index.url + "feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss.tag == "rss"
    items = rss.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["새 영상", "오래된 영상"]
    assert items[0].findtext("description") == "새 영상 한 줄 요약"
    assert items[0].findtext("link").startswith("http://testserver/u-jisik/")
    assert items[0].findtext("category") == "공직자 서비스 마인드"

    response, atom = _feed(client, series_index.url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom.tag == f"{ATOM}feed"
    entries = atom.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["새 영상", "오래된 영상"]
    assert all(entry.findtext(f"{ATOM}id").startswith("http://testserver/") for entry in entries)
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://testserver/u-jisik/")


def test_a_scheduled_episode_goes_live_by_itself_when_the_worker_publishes_scheduled_pages(
    client, staff_client, series_index, monkeypatch
):
    episode = make_episode(series_index, "다음 주 공개 영상", live=False)
    go_live_at = timezone.now() + dt.timedelta(hours=1)
    episode.go_live_at = go_live_at
    episode.save_revision().publish()  # what the editor's "게시" does with a go-live date in the future

    call_command("publish_scheduled")
    assert not KnowledgeTripEpisodePage.objects.get(pk=episode.pk).live
    assert client.get(series_index.url + "feed/rss/").content.count(b"<item>") == 0

    # An hour later nobody clicks anything: the worker's periodic run of publish_scheduled does it.
    later = go_live_at + dt.timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    call_command("publish_scheduled")

    episode.refresh_from_db()
    assert episode.live
    assert abs(episode.go_live_at - go_live_at) < dt.timedelta(seconds=1)  # the revision keeps milliseconds
    _, rss = _feed(client, series_index.url + "feed/rss/")
    assert [item.findtext("title") for item in rss.findall("./channel/item")] == ["다음 주 공개 영상"]
    assert staff_client.get(episode.url).status_code == 200


def test_the_episode_page_plays_the_tracked_video_with_its_heartbeat(staff_client, series_index):
    episode = make_episode(series_index, "공감의 말하기")

    response = staff_client.get(episode.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "data-video-player" in html
    assert f'data-heartbeat-url="/records/heartbeat/{episode.pk}/"' in html
    assert f'data-video-id="{episode.video_id}"' in html
    assert "공감의 말하기 한 줄 요약" in html
    assert "90% 이상을 실제로 시청하면 이수로 기록됩니다" in html


def test_related_episodes_are_the_chosen_ones_or_else_the_same_topic(staff_client, series_index):
    mind, talk, _ = Topic.objects.order_by("sort_order")
    episode = make_episode(series_index, "기준 영상", topic=mind)
    same_topic = make_episode(series_index, "같은 주제 영상", topic=mind, published_on=days_ago(1))
    other_topic = make_episode(series_index, "다른 주제 영상", topic=talk)
    make_episode(series_index, "같은 주제 초안", topic=mind, live=False)

    assert [e.title for e in staff_client.get(episode.url).context["related_episodes"]] == [same_topic.title]

    episode.related_episode_links.add(KnowledgeTripRelatedEpisode(episode=other_topic))
    episode.save()

    assert [e.title for e in staff_client.get(episode.url).context["related_episodes"]] == [other_topic.title]
