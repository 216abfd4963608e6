"""U-지식여행: a regularly updated series of ~3-minute videos for staff.

The index is a phone-first feed (what went live this week first) with RSS and Atom feeds; every
episode is a tracked video, so watching it to its threshold makes it 이수 through the learning records.
Episodes are scheduled with Wagtail's go-live date and the worker publishes them (`publish_scheduled`).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.records.models import TrackedVideoMixin
from search.index import KoreanSearchable, korean_search_fields, plain_text

EPISODES_PER_PAGE = 12


class Topic(models.Model):
    """A theme of the series (공직자 서비스 마인드 · 시민과의 소통기법 · 시민의 마음을 읽는 법), edited as a snippet."""

    name = models.CharField("주제", max_length=100, unique=True)
    description = models.TextField("설명", blank=True)
    sort_order = models.PositiveSmallIntegerField("표시 순서", default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "U-지식여행 주제"
        verbose_name_plural = "U-지식여행 주제"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class KnowledgeTripIndexPage(KoreanSearchable, RoutablePageMixin, Page):
    intro = models.CharField("소개 문구", max_length=255, blank=True)

    search_fields = Page.search_fields + korean_search_fields()

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge_trip.KnowledgeTripEpisodePage"]
    max_count = 1

    class Meta:
        verbose_name = "U-지식여행 목록"

    def search_text(self):
        return plain_text(self.intro)

    def serve(self, request, view=None, args=None, kwargs=None):
        # The listing is for staff; the feeds stay open because feed readers cannot sign in
        # (they carry titles and one-line summaries only, every link leads to a staff-only page).
        if view in (None, self.index_route) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, view, args, kwargs)

    def route(self, request, path_components):
        # An episode URL loads the episode with its topic, video and poster in one query (Wagtail's
        # default would load the base page, then the specific page, then each relation).
        from . import selectors

        if len(path_components) == 1:
            episode = selectors.episode_for_serving(self, path_components[0], request.user)
            if episode is not None:
                episode._cached_parent_obj = self
                return episode.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        feed = selectors.episode_feed(self, request.user)
        paginator = Paginator(feed.earlier, EPISODES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            new_this_week=feed.new_this_week if page_obj.number == 1 else [],
            page_obj=page_obj,
            episodes=page_obj.object_list,
            rss_url=self.url + self.reverse_subpage("rss_feed"),
            atom_url=self.url + self.reverse_subpage("atom_feed"),
        )
        return context

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        from .feeds import EpisodeRssFeed

        return EpisodeRssFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import EpisodeAtomFeed

        return EpisodeAtomFeed(self)(request)


class KnowledgeTripEpisodePage(KoreanSearchable, TrackedVideoMixin, Page):
    summary = models.CharField("한 줄 요약", max_length=150, help_text="목록과 피드에 나오는 한 문장입니다.")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="episodes", verbose_name="주제"
    )

    search_fields = Page.search_fields + korean_search_fields() + [index.FilterField("topic")]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("topic"),
        FieldPanel("video"),
        FieldPanel("completion_threshold"),
        InlinePanel(
            "related_episode_links",
            label="관련 영상",
            max_num=4,
            help_text="비워 두면 같은 주제의 최신 영상을 보여 줍니다.",
        ),
    ]

    parent_page_types = ["knowledge_trip.KnowledgeTripIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "U-지식여행 영상"
        verbose_name_plural = "U-지식여행 영상"

    def search_text(self):
        """The summary, the topic and what is said in the video (its captions)."""
        from media_pipeline.selectors import caption_text

        return plain_text(self.summary, self.topic.name if self.topic_id else "", caption_text(self.video))

    def search_thumbnail(self):
        return self.video.poster if self.video_id else None

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from lms.records.selectors import player_context

        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(player_context(request, self), related_episodes=selectors.related_episodes(self))
        return context


class KnowledgeTripRelatedEpisode(Orderable):
    page = ParentalKey(KnowledgeTripEpisodePage, on_delete=models.CASCADE, related_name="related_episode_links")
    episode = models.ForeignKey(
        KnowledgeTripEpisodePage, on_delete=models.CASCADE, related_name="+", verbose_name="관련 영상"
    )

    panels = [FieldPanel("episode")]

    class Meta(Orderable.Meta):
        verbose_name = "관련 영상"
        verbose_name_plural = "관련 영상"
