import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from courses.campaigns.models import CampaignPage
from lms.records.models import EventKind, LearningEvent, LearningState
from lms.records.signals import content_completed
from tests.knowledge_trip.factories import make_campaign, make_episode

pytestmark = pytest.mark.django_db


class MetaTags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.tags[attrs.get("property") or attrs.get("name")] = attrs["content"]


def test_a_shared_campaign_link_carries_open_graph_and_twitter_card_metadata(client, campaign_index):
    campaign = make_campaign(campaign_index, "땅콩회항 그 후")

    response = client.get(campaign.url)

    assert response.status_code == 200
    meta = MetaTags(response.content.decode()).tags
    assert meta["og:type"] == "video.other"
    assert meta["og:title"] == "땅콩회항 그 후"
    assert meta["og:description"] == campaign.intro
    assert meta["og:url"] == f"http://testserver{campaign.url}"
    assert re.fullmatch(r"http://testserver/media/images/.+\.fill-1200x630\.format-jpeg\.jpg", meta["og:image"])
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == "땅콩회항 그 후"
    assert meta["twitter:image"] == meta["og:image"]
    # The rendition really exists where the crawler will fetch it.
    rendition = campaign.posters.first().image.renditions.get(filter_spec="fill-1200x630|format-jpeg")
    assert meta["og:image"] == f"http://testserver{rendition.url}"
    assert (meta["og:image:width"], meta["og:image:height"]) == (str(rendition.width), str(rendition.height))
    assert round(rendition.width / rendition.height, 1) == 1.9  # the 1.91:1 card Facebook and X expect
    assert rendition.file.storage.exists(rendition.file.name)


def test_posters_link_to_their_original_files_for_download(client, campaign_index):
    campaign = make_campaign(campaign_index, posters=2)

    html = client.get(campaign.url).content.decode()

    for poster in campaign.posters.all():
        assert f'href="{poster.image.file.url}" download' in html
    assert html.count("원본 내려받기") == 2


def test_a_public_campaign_and_its_video_play_without_login_while_a_staff_episode_does_not(
    client, campaign_index, series_index, transcoded_video
):
    campaign = make_campaign(campaign_index, "시민과 함께하는 캠페인")
    campaign.video = transcoded_video()
    campaign.save_revision().publish()  # publishing a public campaign opens its video to citizens
    episode = make_episode(series_index, "직원 전용 영상")

    page = client.get(campaign.url)
    assert page.status_code == 200
    html = page.content.decode()
    master_url = html_lib.unescape(re.search(r'data-src="([^"]+)"', html).group(1))
    assert master_url.startswith(f"/videos/{campaign.video_id}/hls/master.m3u8?grant=")
    assert "data-heartbeat-url" not in html  # citizens watch, nothing is recorded

    master = client.get(master_url)
    assert master.status_code == 200
    variant_url = next(line for line in master.content.decode().splitlines() if line.startswith("/videos/"))
    variant = client.get(variant_url)
    assert variant.status_code == 200
    segment_url = next(line for line in variant.content.decode().splitlines() if line.startswith("/videos/"))
    assert client.get(segment_url).status_code == 200

    assert client.get(episode.url).status_code == 302
    assert client.get(f"/videos/{episode.video_id}/hls/master.m3u8").status_code == 403


def test_publishing_a_public_campaign_makes_its_video_public(campaign_index):
    campaign = make_campaign(campaign_index, is_public=True)
    campaign.video.is_public = False
    campaign.video.save()

    campaign.save_revision().publish()

    campaign.video.refresh_from_db()
    assert campaign.video.is_public


def test_a_staff_only_campaign_asks_citizens_to_log_in_and_is_not_listed_for_them(staff_client, campaign_index):
    client = Client()  # a citizen, not the signed-in staff_client
    public = make_campaign(campaign_index, "공개 캠페인", is_public=True)
    internal = make_campaign(campaign_index, "직원 캠페인", is_public=False)

    assert client.get(internal.url).status_code == 302
    assert [c.title for c in client.get(campaign_index.url).context["campaigns"]] == [public.title]
    assert [c.title for c in staff_client.get(campaign_index.url).context["campaigns"]] == [public.title, internal.title]


def test_participation_is_recorded_once_per_person(staff, staff_client, campaign_index):
    campaign = make_campaign(campaign_index)
    completions = []
    content_completed.connect(lambda **kwargs: completions.append(kwargs["page"].pk), weak=False, dispatch_uid="t")
    try:
        participate_url = campaign.url + "participate/"
        first = staff_client.post(participate_url, follow=True)
        second = staff_client.post(participate_url, follow=True)
    finally:
        content_completed.disconnect(dispatch_uid="t")

    assert "캠페인 참여가 기록되었습니다" in first.content.decode()
    assert "이미 참여하셨습니다" in second.content.decode()
    assert LearningEvent.objects.filter(user=staff, page=campaign, kind=EventKind.PARTICIPATE).count() == 1
    assert LearningState.objects.get(user=staff, page=campaign).completed_at is not None
    assert completions == [campaign.pk]
    assert "이미 참여하셨습니다. 함께해 주셔서 감사합니다." in staff_client.get(campaign.url).content.decode()


def test_participation_needs_a_signed_in_post_with_a_csrf_token(staff, client, campaign_index):
    campaign = make_campaign(campaign_index)
    participate_url = campaign.url + "participate/"

    anonymous = client.post(participate_url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")

    client.force_login(staff)
    assert client.get(participate_url).status_code == 405
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staff)
    assert csrf_client.post(participate_url).status_code == 403

    assert not LearningEvent.objects.filter(page=campaign).exists()


def test_a_campaign_without_an_action_counts_watching_only(staff_client, campaign_index):
    campaign = make_campaign(campaign_index, participation_label="")

    response = staff_client.post(campaign.url + "participate/", follow=True)

    assert "참여 버튼이 없습니다" in response.content.decode()
    assert not LearningEvent.objects.filter(page=campaign).exists()
    assert "영상의 90% 이상을 실제로 시청하면 참여로 기록됩니다" in response.content.decode()
    assert CampaignPage.objects.get(pk=campaign.pk).is_public_content
