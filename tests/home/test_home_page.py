import pytest
from django.test import Client
from wagtail.models import Page
from wagtail.rich_text import RichText


@pytest.mark.django_db
def test_home_page_renders_its_stream_blocks(client, home):
    courses = home.add_child(instance=Page(title="이러닝 과정", slug="courses", show_in_menus=True))
    home.body = [
        ("hero", {"heading": "마음을 돌보는 민원 응대", "text": "언제든 배웁니다.", "link_page": courses, "link_text": "시작하기"}),
        (
            "cards",
            {
                "heading": "이렇게 배울 수 있어요",
                "cards": [
                    {"title": "이러닝 과정", "text": "사례별 대응요령", "image": None, "page": courses},
                    {"title": "캠페인", "text": "상호존중 민원문화", "image": None, "page": None},
                ],
            },
        ),
        ("text", RichText("<h2>학습 실적은 이렇게 반영됩니다</h2><p>우수기관 평가에 가점</p>")),
    ]
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<h2 class="hero__heading">마음을 돌보는 민원 응대</h2>' in html
    assert '<a class="button button--light" href="/courses/">시작하기</a>' in html
    assert '<h2 class="card-grid__heading">이렇게 배울 수 있어요</h2>' in html
    assert '<a href="/courses/">이러닝 과정</a>' in html  # a linked card
    assert '<li class="card">' in html  # the unlinked card is plain
    assert "상호존중 민원문화" in html
    assert "<h2>학습 실적은 이렇게 반영됩니다</h2>" in html


@pytest.mark.django_db
def test_links_to_unpublished_pages_are_left_out(client, home):
    draft = home.add_child(instance=Page(title="준비 중", slug="draft", live=False))
    home.body = [("hero", {"heading": "안내", "text": "", "link_page": draft, "link_text": "바로 가기"})]
    home.save_revision().publish()
    assert "바로 가기" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_my_learning_section_is_for_signed_in_staff_only(staff_client):
    assert 'id="my-learning-heading"' not in Client().get("/").content.decode()
    html = staff_client.get("/").content.decode()
    assert '<h2 id="my-learning-heading">내 학습</h2>' in html
    assert "김민원님, 오늘도" in html


@pytest.mark.django_db
def test_my_learning_section_shows_this_years_hours_from_the_completion_records(staff_client, staff_member):
    import datetime as dt

    from django.utils import timezone

    from lms.records.models import CompletionRecord

    today = timezone.localdate()
    for year, hours in ((today.year, "4.5"), (today.year - 1, "9")):
        CompletionRecord.objects.create(
            user=staff_member, item_kind="offline_session", item_key="3", item_title="찾아가는 친절교육",
            completed_on=dt.date(year, 3, 2), evaluation_year=year, hours=hours, source="offline",
        )
    html = staff_client.get("/").content.decode()
    assert f"{today.year}년 인정 학습시간 <strong>4.5</strong>시간" in html
