"""A video plays only through a page its viewer may see: one test per kind of page that holds a video
(video lesson, U-지식여행 episode, campaign), the admin's preview and player screen, and the video id alone.

Every URL a player fetches is tried: master, variants, segments (local disk) and captions."""

import html as html_lib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone

from courses.models import Audience, VideoLessonPage
from courses.services import enrol
from media_pipeline import grants
from media_pipeline.models import Caption
from tests.courses.conftest import Org, make_course
from tests.courses.conftest import make_staff as make_member
from tests.knowledge_trip.factories import make_campaign, make_episode
from tests.factories import make_editor, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _forget_cached_renditions():
    """The posters' renditions are cached by image id; SQLite reuses ids after a test's rollback, so a
    later test would be handed a rendition row that no longer exists."""
    from django.core.cache import cache

    yield
    cache.clear()


PLAYER_SRC = re.compile(r'data-src="([^"]+)"')
TRACK_SRC = re.compile(r'<track kind="captions" src="([^"]+)"')


def with_caption(video):
    caption = Caption(video=video, label="한국어", file=SimpleUploadedFile("ko.vtt", b"WEBVTT\n\n00:00.500 --> 00:02.000\n\xec\x95\x88\xeb\x85\x95\n"))
    caption.full_clean()
    caption.save()
    return video


def player_urls(page_html):
    """The master playlist and caption URLs the page gives its player."""
    master = PLAYER_SRC.search(page_html)
    assert master, "no player on the page"
    return [html_lib.unescape(url) for url in [master.group(1), *TRACK_SRC.findall(page_html)]]


def _uris(playlist):
    return [line for line in playlist.splitlines() if line and not line.startswith("#")] + re.findall(r'URI="([^"]+)"', playlist)


def every_playback_url(client, page_html):
    """Master, variants, segments and captions, fetched as `client` (who must be allowed)."""
    master_url, *captions = player_urls(page_html)
    master = client.get(master_url)
    assert master.status_code == 200, master_url
    variants = _uris(master.content.decode())
    segments = []
    for url in variants:
        variant = client.get(url)
        assert variant.status_code == 200, url
        segments += _uris(variant.content.decode())
    assert variants and segments
    for url in [*segments, *captions]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)
    return [master_url, *variants, *segments, *captions]


def refused_everywhere(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code in {403, 302}, (url, response.status_code)
        assert b"#EXTM3U" not in response.content and b"WEBVTT" not in response.content


def without_grant(urls):
    return [url.split("?", 1)[0] for url in urls]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def episode_playing(transcoded_video, series_index, title, **fields):
    """A U-지식여행 episode whose video really went through the pipeline, with captions."""
    episode = make_episode(series_index, title, **fields)
    episode.video = with_caption(transcoded_video(title))
    episode.save()
    return episode


def test_a_video_id_alone_plays_nothing_for_signed_in_staff(transcoded_video, series_index):
    episode = episode_playing(transcoded_video, series_index, "응대 기본")
    viewer = signed_in(make_staff("2024100", "이직원"))
    urls = every_playback_url(viewer, viewer.get(episode.url).content.decode())
    refused_everywhere(viewer, without_grant(urls))
    forged = grants.issue(video_id=episode.video_id + 1, user=make_staff("2024101", "박직원"))
    refused_everywhere(viewer, [f"/videos/{episode.video_id}/hls/master.m3u8?grant={forged}"])
    refused_everywhere(viewer, [urls[0] + "x"])  # a tampered signature


def test_video_lesson_plays_for_enrolled_audience_only(transcoded_video):
    org = Org()
    course = make_course(audience=Audience.HIGH_INTENSITY, self_enrolment=True)
    lesson = VideoLessonPage(title="콜센터 응대 영상", video=with_caption(transcoded_video("콜센터 응대")))
    course.add_child(instance=lesson)
    learner = make_member("2024001", "김상담", org.call_centre)  # high-intensity: in the audience
    outsider = make_member("2024002", "최일반", org.team)  # ordinary department: outside it
    enrol(user=learner, course=course)

    learner_client = signed_in(learner)
    urls = every_playback_url(learner_client, learner_client.get(lesson.url).content.decode())

    outsider_client = signed_in(outsider)
    assert outsider_client.get(lesson.url).status_code == 403
    refused_everywhere(outsider_client, urls)  # the learner's own URLs, copied
    refused_everywhere(outsider_client, without_grant(urls))


def test_scheduled_episode_plays_only_once_it_is_live(transcoded_video, series_index):
    next_week = timezone.now() + timezone.timedelta(days=7)
    episode = episode_playing(transcoded_video, series_index, "다음 주 공개 영상", live=False, go_live_at=next_week)
    staff = make_staff("2024102", "정직원")
    viewer = signed_in(staff)
    assert viewer.get(episode.url).status_code == 404
    refused_everywhere(viewer, [f"/videos/{episode.video_id}/hls/master.m3u8"])

    episode.live = True
    episode.save()
    every_playback_url(viewer, viewer.get(episode.url).content.decode())


def test_public_campaign_plays_for_anonymous_visitors_and_staff_campaign_does_not(transcoded_video, campaign_index):
    public = make_campaign(campaign_index, "시민과 함께하는 캠페인", is_public=True)
    public.video = with_caption(transcoded_video("시민 캠페인", is_public=True))
    public.save()
    staff_only = make_campaign(campaign_index, "직원 전용 캠페인", is_public=False)
    staff_only.video = with_caption(transcoded_video("직원 캠페인"))
    staff_only.save()

    visitor = Client()
    every_playback_url(visitor, visitor.get(public.url).content.decode())

    assert visitor.get(staff_only.url).status_code == 302
    staff_client = signed_in(make_staff("2024103", "한직원"))
    staff_urls = every_playback_url(staff_client, staff_client.get(staff_only.url).content.decode())
    refused_everywhere(visitor, staff_urls)


def test_grant_is_personal_and_ends_with_logout(transcoded_video, series_index):
    episode = episode_playing(transcoded_video, series_index, "개인 재생 확인")
    first = signed_in(make_staff("2024104", "강직원"))
    urls = every_playback_url(first, first.get(episode.url).content.decode())
    refused_everywhere(signed_in(make_staff("2024105", "윤직원")), urls)
    first.logout()
    refused_everywhere(first, urls)


def test_grant_expires(transcoded_video, series_index, monkeypatch):
    episode = episode_playing(transcoded_video, series_index, "오래 열어 둔 페이지")
    viewer = signed_in(make_staff("2024106", "서직원"))
    page_html = viewer.get(episode.url).content.decode()
    monkeypatch.setattr(grants, "GRANT_SECONDS", -1)
    refused_everywhere(viewer, player_urls(page_html)[:1])


@pytest.mark.parametrize("kind", ["episode", "lesson", "campaign"])
def test_editors_previewing_an_unpublished_page_play_its_video(kind, transcoded_video, series_index, campaign_index):
    video = with_caption(transcoded_video("미리 보기 영상"))
    if kind == "episode":
        page = make_episode(series_index, "미리 보기", live=False)
    elif kind == "campaign":
        page = make_campaign(campaign_index, "미리 보기 캠페인", is_public=False)
    else:
        page = VideoLessonPage(title="미리 보기 차시", video=video)
        make_course().add_child(instance=page)
    page.video = video
    page.live = False
    page.save()
    editor_client = signed_in(make_editor())
    # What the admin's preview panel does: render the draft for the editor's own request (session cookie).
    admin_request = RequestFactory().get("/admin/", HTTP_COOKIE=editor_client.cookies.output(header="", sep=";"))
    preview = page.make_preview_request(admin_request, page.default_preview_mode)
    assert preview.status_code == 200
    every_playback_url(editor_client, preview.content.decode())


def test_the_admin_player_screen_is_for_those_who_manage_videos(transcoded_video):
    video = with_caption(transcoded_video("관리 화면 영상"))
    staff_client = signed_in(make_staff("2024107", "오직원"))
    assert staff_client.get(f"/videos/{video.pk}/").status_code == 403
    assert Client().get(f"/videos/{video.pk}/").status_code == 302
    editor_client = signed_in(make_editor())
    screen = editor_client.get(f"/videos/{video.pk}/")
    assert screen.status_code == 200
    every_playback_url(editor_client, screen.content.decode())


def test_these_are_all_the_kinds_of_page_that_hold_a_video():
    """A new kind of page with a video must get its own test above (and be checked by its serve())."""
    from django.apps import apps
    from wagtail.models import Page

    from courses.campaigns.models import CampaignPage
    from courses.knowledge_trip.models import KnowledgeTripEpisodePage
    from media_pipeline.models import Video

    holders = {
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and any(getattr(field, "related_model", None) is Video for field in model._meta.get_fields())
    }
    assert holders == {VideoLessonPage, KnowledgeTripEpisodePage, CampaignPage}
