import pytest
from django.test import Client

from tests.factories import home_page
from tests.knowledge_trip.factories import days_ago, make_campaign_index, make_episode, make_image
from webtoons.models import WebtoonEpisodePage, WebtoonPanel, WebtoonSeriesPage

pytestmark = pytest.mark.django_db


def make_webtoon_episode(series, number):
    episode = WebtoonEpisodePage(
        title=f"악성민원 대응 {number}화", episode_number=number, summary=f"{number}화 줄거리", transcript="<p>대사</p>"
    )
    episode.panels.add(WebtoonPanel(image=make_image(f"{number}화 패널", size=(300, 400)), alt_text="민원 창구 장면"))
    series.add_child(instance=episode)
    return episode


def test_home_shows_staff_the_newest_episodes_and_the_current_webtoon(staff_client, series_index):
    for n in range(5):
        make_episode(series_index, f"영상 {n}", published_on=days_ago(n))
    make_episode(series_index, "공개 전 영상", live=False)
    series = WebtoonSeriesPage(title="악성민원 대응 웹툰", slug="webtoon", show_in_menus=True)
    home_page().add_child(instance=series)
    make_webtoon_episode(series, 1)
    current = make_webtoon_episode(series, 2)

    response = staff_client.get("/")

    assert [e.title for e in response.context["latest_episodes"]] == ["영상 0", "영상 1", "영상 2", "영상 3"]
    assert response.context["current_webtoon_episode"] == current
    html = response.content.decode()
    assert "U-지식여행 새 영상" in html and "이번 화 웹툰" in html
    assert "2화 · 악성민원 대응 2화" in html
    assert "공개 전 영상" not in html


def test_the_main_menu_offers_the_series_and_the_campaigns(series_index):
    make_campaign_index()

    html = Client().get("/").content.decode()

    assert 'href="/u-jisik/"' in html and ">U-지식여행<" in html
    assert 'href="/campaigns/"' in html and ">캠페인<" in html
    assert "U-지식여행 새 영상" not in html  # staff content is not listed for citizens
