import pytest
from django.test import Client
from wagtail.models import Page, PageViewRestriction


def add_page(parent, title, slug, **fields):
    return parent.add_child(instance=Page(title=title, slug=slug, **fields))


@pytest.mark.django_db
def test_search_finds_live_pages_by_title(client, home):
    add_page(home, "악성민원 대응 웹툰", "webtoon", search_description="상황별 대응방법")
    add_page(home, "전화 응대 요령", "phone")
    add_page(home, "악성민원 초안", "draft", live=False)

    html = client.get("/search/", {"q": "악성민원"}).content.decode()

    assert "‘악성민원’ 검색 결과 1건" in html
    assert '<a href="/webtoon/">악성민원 대응 웹툰</a>' in html
    assert "상황별 대응방법" in html
    assert "전화 응대 요령" not in html
    assert "악성민원 초안" not in html


@pytest.mark.django_db
def test_search_finds_the_start_of_korean_compound_words(client, home):
    add_page(home, "민원서비스 향상 계획", "plan")
    html = client.get("/search/", {"q": "민원"}).content.decode()
    assert "향상 계획" in html


@pytest.mark.django_db
def test_search_without_a_query_shows_a_hint(client):
    html = client.get("/search/").content.decode()
    assert "search-summary" not in html
    assert "과정, 영상, 웹툰, 캠페인 제목과 내용에서 찾습니다." in html


@pytest.mark.django_db
def test_no_results_message_is_korean(client):
    assert "검색 결과가 없습니다." in client.get("/search/", {"q": "없는낱말"}).content.decode()


@pytest.mark.django_db
def test_search_results_are_paginated_in_korean(client, home):
    for number in range(1, 13):
        add_page(home, f"응대 사례 {number:02d}", f"case-{number}")

    first = client.get("/search/", {"q": "응대"}).content.decode()
    assert "검색 결과 12건" in first
    assert first.count('class="search-result"') == 10
    assert "1 / 2 쪽" in first
    assert 'href="?q=%EC%9D%91%EB%8C%80&amp;page=2" rel="next">다음 쪽</a>' in first

    second = client.get("/search/", {"q": "응대", "page": 2}).content.decode()
    assert second.count('class="search-result"') == 2
    assert '<ol class="search-results" start="11">' in second
    assert "이전 쪽" in second and "다음 쪽" not in second

    assert "1 / 2 쪽" in client.get("/search/", {"q": "응대", "page": "잘못된값"}).content.decode()


@pytest.mark.django_db
def test_visitors_do_not_see_login_only_pages_in_results(staff_client, home):
    private = add_page(home, "직원 전용 응대 매뉴얼", "manual")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert "직원 전용 응대 매뉴얼" not in Client().get("/search/", {"q": "매뉴얼"}).content.decode()
    assert "직원 전용 응대 매뉴얼" in staff_client.get("/search/", {"q": "매뉴얼"}).content.decode()
