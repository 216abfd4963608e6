"""Pages, videos and images for the U-지식여행 and campaign tests (no ffmpeg: videos are marked ready)."""

import datetime as dt
from importlib import import_module
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from courses.campaigns.models import CampaignIndexPage, CampaignPage, CampaignPoster
from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage, Topic
from lms.home.models import HomePage
from lms.people.models import User
from media_pipeline.models import Video, VideoStatus

SEEDED_TOPICS = import_module("courses.knowledge_trip.migrations.0002_seed_topics").TOPICS


def home_page():
    """The default site's home page; recreated after a transactional test flushed the migrations' rows."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code="ko")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="서울시 민원서비스 학습터", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="학습터")
    return home


def first_topic():
    """The first of the plan's topics (seeded by a migration; reseeded after a transactional flush)."""
    for order, (name, description) in enumerate(SEEDED_TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"description": description, "sort_order": order})
    return Topic.objects.order_by("sort_order").first()


def make_image(title="캠페인 포스터", size=(800, 450), colour="#1b4f8a"):
    if not Collection.get_first_root_node():  # flushed by a transactional test
        Collection.add_root(name="Root")
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


def make_staff(username="2018001", name="김서울"):
    return User.objects.create_user(username=username, password="pw-test-1234", name=name)


def make_series_index():
    index = KnowledgeTripIndexPage(title="U-지식여행", slug="u-jisik", intro="3분 지식 여행", show_in_menus=True)
    home_page().add_child(instance=index)
    return index


def make_episode(index, title, *, topic=None, published_on=None, live=True, poster=True, **fields):
    """A live episode that went live at `published_on` (default: now)."""
    topic = topic or first_topic()
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
