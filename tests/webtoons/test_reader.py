"""The vertical reader, the read-progress endpoint, the episode list's read markers and the query budget."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from lms.records.models import LearningEvent, LearningState
from lms.records.selectors import state_for

from .factories import make_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def episodes(series):
    return [make_episode(series, number, panels=3, transcript="<p>민원인: 책임자 나오라고!</p>") for number in (1, 2, 3)]


def read_url(episode):
    return reverse("webtoons:episode_read", args=(episode.pk,))


def test_panels_are_webp_renditions_with_srcset_sizes_dimensions_and_lazy_loading(client, episodes):
    content = client.get(episodes[1].url).content.decode()
    images = re.findall(r"<img [^>]*>", content.split('data-webtoon-reader')[1].split("data-read-sentinel")[0])
    assert len(images) == 3
    first, *rest = images
    # The test originals are 80 px wide, narrower than every reader width: one rendition, listed once.
    assert 'srcset="/media/images/panel1' in first and ".format-webp.webp 80w" in first
    assert 'sizes="(max-width: 720px) 100vw, 720px"' in first
    assert 'width="80" height="100"' in first
    assert 'loading="eager"' in first and 'fetchpriority="high"' in first
    assert all('loading="lazy"' in image for image in rest)
    assert 'alt="2화 1번째 장면"' in first


def test_srcset_lists_phone_and_desktop_widths_for_large_originals(client, series):
    from webtoons.models import WebtoonPanel

    from .factories import make_panel_images

    episode = make_episode(series, 1, panels=1)
    panel = episode.panels.get()
    WebtoonPanel.objects.filter(pk=panel.pk).update(image=make_panel_images(1, width=1600, height=2000)[0])
    content = client.get(episode.url).content.decode()
    widths = re.findall(r"\.webp (\d+)w", content)
    assert widths == ["360", "720", "1080"]
    assert 'width="1080" height="1350"' in content
    assert re.search(r'src="[^"]+width-720\.format-webp\.webp"', content)


def test_episode_has_transcript_disclosure_and_previous_next_links(client, episodes):
    content = client.get(episodes[1].url).content.decode()
    assert "<summary>대본 보기</summary>" in content
    assert "민원인: 책임자 나오라고!" in content
    assert f'href="{episodes[0].url}" rel="prev"' in content
    assert f'href="{episodes[2].url}" rel="next"' in content
    first = client.get(episodes[0].url).content.decode()
    assert 'rel="prev"' not in first


def test_draft_episodes_are_not_served_nor_linked(client, series, episodes):
    draft = make_episode(series, 4, live=False)
    assert client.get(f"{series.url}{draft.slug}/").status_code == 404
    assert draft.title not in client.get(episodes[2].url).content.decode()


def test_logged_out_readers_get_no_read_url_and_the_endpoint_refuses(client, episodes):
    assert "data-read-url" not in client.get(episodes[0].url).content.decode()
    response = client.post(read_url(episodes[0]))
    assert response.status_code == 403
    assert "로그인한 직원만" in response.json()["error"]


def test_reaching_the_last_panel_records_a_read_and_completes_the_episode(staff, episodes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    page = client.get(episodes[0].url).content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    assert f'data-read-url="{read_url(episodes[0])}"' in page

    assert client.post(read_url(episodes[0])).status_code == 403  # no CSRF token
    assert state_for(staff, episodes[0]) is None

    response = client.post(read_url(episodes[0]), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json() == {"recorded": True, "completed": True}
    assert state_for(staff, episodes[0]).completed_at is not None
    kinds = list(LearningEvent.objects.filter(user=staff, page=episodes[0]).values_list("kind", flat=True))
    assert kinds == ["read", "complete"]

    client.post(read_url(episodes[0]), HTTP_X_CSRFTOKEN=token)  # reading again logs a read, completes once
    kinds = list(LearningEvent.objects.filter(user=staff, page=episodes[0]).values_list("kind", flat=True))
    assert kinds == ["read", "complete", "read"]


def test_read_endpoint_refuses_drafts_and_other_pages(staff_client, series, episodes):
    draft = make_episode(series, 4, live=False)
    assert staff_client.post(read_url(draft)).status_code == 404
    assert staff_client.post(reverse("webtoons:episode_read", args=(series.pk,))).status_code == 404
    assert staff_client.get(read_url(episodes[0])).status_code == 405


def test_series_page_lists_episodes_with_thumbnails_and_read_markers(staff_client, staff, episodes):
    staff_client.post(read_url(episodes[0]))
    content = staff_client.get(episodes[0].get_parent().url).content.decode()
    items = re.findall(r'<li class="episode-list__item[^"]*">.*?</li>', content, re.S)
    assert len(items) == 3
    assert "is-read" in items[0] and "읽음</span>" in items[0]
    assert "안 읽음" in items[1] and "안 읽음" in items[2]
    assert all(".fill-320x200-c0.format-webp.webp" in item for item in items)
    assert "이어 보기: 2화" in content
    assert LearningState.objects.filter(user=staff, completed_at__isnull=False).count() == 1


def test_visitors_see_no_reading_badges_they_have_no_reading_state(client, episodes):
    content = client.get(episodes[0].get_parent().url).content.decode()
    items = re.findall(r'<li class="episode-list__item[^"]*">.*?</li>', content, re.S)
    assert len(items) == 3
    assert "webtoon__badge" not in content
    assert "첫 화부터 보기" in content


def test_episode_page_shows_read_badge_once_read(staff_client, episodes):
    assert "webtoon__badge--read" not in staff_client.get(episodes[0].url).content.decode()
    staff_client.post(read_url(episodes[0]))
    assert "webtoon__badge--read" in staff_client.get(episodes[0].url).content.decode()


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "staff"])
def test_query_count_is_bounded_and_does_not_grow_with_episodes_or_panels(
    client, staff, series, django_assert_max_num_queries, logged_in
):
    if logged_in:
        client.force_login(staff)
    episodes = [make_episode(series, number, panels=2) for number in (1, 2)]
    client.get(series.url)  # content types are cached from here on, as in a running server
    with django_assert_max_num_queries(15):
        assert client.get(series.url).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(episodes[0].url).status_code == 200
    with django_assert_max_num_queries(15) as few:
        client.get(episodes[0].url)

    episodes += [make_episode(series, number, panels=6) for number in range(3, 9)]
    with django_assert_max_num_queries(len(few)):
        assert client.get(series.url).status_code == 200
    with django_assert_max_num_queries(len(few)):
        assert client.get(episodes[5].url).status_code == 200


def test_preview_of_an_unpublished_episode_renders(staff, series, episodes):
    from django.test import RequestFactory

    draft = make_episode(series, 4, live=False)
    request = RequestFactory().get("/")
    request.user = staff
    response = draft.serve_preview(request, "")
    content = response.rendered_content
    assert "4화 제목" in content and f'href="{episodes[2].url}" rel="prev"' in content
