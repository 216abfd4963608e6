"""The results page: kinds, highlighted and escaped snippets, thumbnails, filters, pagination, 'did you mean',
the empty state and suggestions as you type."""

import json

import pytest
from django.test import Client
from wagtail.models import Page

from courses.models import TextLessonPage
from tests.courses.conftest import make_course
from tests.knowledge_trip.factories import make_campaign, make_episode
from tests.webtoons.factories import make_episode as make_webtoon_episode
from tests.webtoons.factories import make_series

pytestmark = pytest.mark.django_db


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_each_result_shows_its_kind_a_highlighted_snippet_and_a_thumbnail(staff_client, series_index):
    course = make_course()
    course.add_child(instance=TextLessonPage(title="응대 기록", body="<p>악성민원을 겪으면 일시와 내용을 기록합니다.</p>"))
    make_episode(series_index, "악성민원의 폭언 앞에서 선 긋는 법")

    html = main_of(staff_client.get("/search/", {"q": "악성민원"}))

    assert '<p class="search-result__kind">이러닝</p>' in html
    assert '<p class="search-result__kind">U-지식여행</p>' in html
    assert "<mark>악성민원</mark>을 겪으면" in html
    assert 'class="search-result__thumb"' in html and 'alt=""' in html  # the episode's poster, decorative


def test_snippets_escape_html_from_the_content(staff_client):
    course = make_course()
    course.add_child(instance=TextLessonPage(title="주의 문구", body="<p>&lt;script&gt;alert(1)&lt;/script&gt; 민원 응대</p>"))

    html = main_of(staff_client.get("/search/", {"q": "응대"}))

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 민원 <mark>응대</mark>" in html


def test_results_can_be_filtered_by_kind_and_pages_keep_the_filter(staff_client, campaign_index):
    series = make_series()
    make_webtoon_episode(series, 1, transcript="<p>상호존중 이야기</p>")
    make_campaign(campaign_index, "상호존중 공공서비스")
    home = Page.objects.get(depth=2)
    for number in range(12):
        make_campaign(campaign_index, f"상호존중 캠페인 {number:02d}", posters=0)

    html = main_of(staff_client.get("/search/", {"q": "상호존중", "kind": "campaign"}))

    assert "‘상호존중’ 캠페인 검색 결과 13건" in html
    assert "1화 제목" not in html
    assert 'href="?q=%EC%83%81%ED%98%B8%EC%A1%B4%EC%A4%91&amp;kind=campaign&amp;page=2" rel="next"' in html
    assert '<a href="?q=%EC%83%81%ED%98%B8%EC%A1%B4%EC%A4%91&amp;kind=campaign" aria-current="page">캠페인</a>' in html
    assert "1화 제목" in main_of(staff_client.get("/search/", {"q": "상호존중", "kind": "webtoon"}))
    assert home.title not in main_of(staff_client.get("/search/", {"q": "상호존중", "kind": "manual"}))


def test_did_you_mean_offers_the_spacing_the_content_uses(staff_client):
    course = make_course(title="악성민원 사례별 대응요령")

    spaced = main_of(staff_client.get("/search/", {"q": "악성 민원"}))
    assert course.title in spaced  # found either way
    assert '혹시 <a href="?q=%EC%95%85%EC%84%B1%EB%AF%BC%EC%9B%90">‘악성민원’</a>으로 찾으시나요?' in spaced
    assert "혹시" not in main_of(staff_client.get("/search/", {"q": "악성민원"}))


def test_the_empty_state_helps(staff_client):
    html = main_of(staff_client.get("/search/", {"q": "없는낱말", "kind": "webtoon"}))
    assert "검색 결과가 없습니다." in html
    assert "띄어쓰기를 바꾸거나" in html
    assert '<a href="?q=%EC%97%86%EB%8A%94%EB%82%B1%EB%A7%90">모든 종류에서 다시 찾기</a>' in html


def test_suggestions_as_you_type_match_half_typed_korean(staff_client, campaign_index):
    make_campaign(campaign_index, "민원 에티켓도 함께 뽑아 주세요")
    make_course(title="악성민원 사례별 대응요령")

    def titles(query):
        return [item["title"] for item in json.loads(staff_client.get("/search/suggest/", {"q": query}).content)["suggestions"]]

    assert "악성민원 사례별 대응요령" in titles("악성민")  # a half-typed word is a prefix
    assert "민원 에티켓도 함께 뽑아 주세요" in titles("에티")
    assert "악성민원 사례별 대응요령" in titles("민원을 대응")  # typed words are analysed
    answer = json.loads(staff_client.get("/search/suggest/", {"q": "에티"}).content)["suggestions"][0]
    assert answer["kind"] == "캠페인" and answer["url"].startswith("/")
    assert json.loads(staff_client.get("/search/suggest/", {"q": " "}).content) == {"suggestions": []}
    assert Client().post("/search/suggest/", {"q": "에티"}).status_code == 405


def test_search_boxes_are_accessible_comboboxes_without_inline_script(staff_client):
    html = staff_client.get("/search/", {"q": "민원"}).content.decode()
    for box in ("site-search", "search-page"):
        assert f'aria-controls="{box}-suggestions"' in html
        assert f'<ul class="suggest__list" id="{box}-suggestions" role="listbox"' in html
    assert 'role="combobox"' in html and "data-search-suggest=\"/search/suggest/\"" in html
    assert "/static/js/search-suggest.js" in html
    assert "onclick" not in html and "oninput" not in html
