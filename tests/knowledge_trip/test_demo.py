import io

import pytest
from django.utils import timezone

from courses.campaigns import demo as campaigns_demo
from courses.campaigns.models import CampaignPage
from courses.knowledge_trip import demo as knowledge_trip_demo
from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage
from media_pipeline.models import Video

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_builds_the_series_and_the_campaigns_once():
    for _ in range(2):  # idempotent
        knowledge_trip_demo.load(io.StringIO())
        campaigns_demo.load(io.StringIO())

    index = KnowledgeTripIndexPage.objects.get()
    assert (index.title, index.show_in_menus, index.live) == ("U-지식여행", True, True)
    episodes = KnowledgeTripEpisodePage.objects.child_of(index)
    assert episodes.count() == 20
    assert episodes.filter(live=True).count() == 16
    scheduled = episodes.filter(live=False)
    assert scheduled.count() == 4
    assert all(episode.go_live_at > timezone.now() for episode in scheduled)
    assert all(episode.latest_revision.approved_go_live_at for episode in scheduled)  # the worker will publish them
    assert episodes.filter(live=True, go_live_at__gte=timezone.now() - timezone.timedelta(days=7)).count() == 3
    assert set(episodes.values_list("topic__name", flat=True)) == {
        "공직자 서비스 마인드", "시민과의 소통기법", "시민의 마음을 읽는 법",
    }

    campaigns = CampaignPage.objects.live()
    assert campaigns.count() == 8
    assert campaigns.filter(is_public=True).count() == 5
    assert all(campaign.posters.count() == 1 for campaign in campaigns)
    assert all(campaign.video.is_public == campaign.is_public for campaign in campaigns)
    assert campaigns.exclude(participation_label="").count() == 4
    poster = campaigns.first().posters.first().image
    assert (poster.width, poster.height) == (700, 990)

    # Every clip is a real upload waiting for the worker to probe and transcode it.
    assert Video.objects.count() == 28
    assert all(video.source.storage.exists(video.source.name) for video in Video.objects.all())
