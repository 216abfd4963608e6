"""Pages, videos and images for the U-지식여행 and campaign tests (no ffmpeg: videos are marked ready)."""

import datetime as dt
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from courses.campaigns.models import CampaignIndexPage, CampaignPage, CampaignPoster
from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage, Topic
from media_pipeline.models import Video, VideoStatus
from tests.factories import home_page


def make_image(title="캠페인 포스터", size=(800, 450), colour="#1b4f8a"):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="poster.png"))


def make_video(title="영상", *, is_public=False, poster=True, duration=180.0):
    return Video.objects.create(
        title=title,
        source="videos/sources/sample.mp4",
        status=VideoStatus.READY,
        duration=duration,
        hls_prefix="videos/1/hls/run/",
        is_public=is_public,
        poster=make_image(f"{title} 포스터") if poster else None,
    )


def make_series_index():
    index = KnowledgeTripIndexPage(title="U-지식여행", slug="u-jisik", intro="3분 지식 여행", show_in_menus=True)
    home_page().add_child(instance=index)
    return index


def make_episode(index, title, *, topic=None, published_on=None, live=True, poster=True, **fields):
    """A live episode that went live at `published_on` (default: now)."""
    topic = topic or Topic.objects.order_by("sort_order").first()  # the plan's first, seeded by a migration
    episode = KnowledgeTripEpisodePage(
        title=title,
        summary=f"{title} 한 줄 요약",
        topic=topic,
        video=make_video(title, poster=poster),
        live=live,
        first_published_at=(published_on or timezone.now()) if live else None,
        **fields,
    )
    index.add_child(instance=episode)
    return episode


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def make_campaign_index():
    index = CampaignIndexPage(title="캠페인", slug="campaigns", show_in_menus=True)
    home_page().add_child(instance=index)
    return index


def make_campaign(index, title="상호존중 캠페인", *, is_public=True, participation_label="상호존중 서약하기", posters=1):
    campaign = CampaignPage(
        title=title,
        intro="민원인과 공무원이 서로 존중하는 문화를 만들어요.",
        is_public=is_public,
        video=make_video(title, is_public=is_public),
        participation_label=participation_label,
        participation_text="서약에 참여하면 참여 실적으로 기록됩니다.",
    )
    for number in range(1, posters + 1):
        campaign.posters.add(CampaignPoster(image=make_image(f"{title} 포스터 {number}", size=(700, 990))))
    index.add_child(instance=campaign)
    return campaign
