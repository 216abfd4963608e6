"""인식개선 캠페인: one page per campaign video, with downloadable posters.

A public campaign (and its video) opens without login, so citizens can watch it from a link shared on
social media; the page carries Open Graph and Twitter-card metadata for that link. Staff participation
is recorded per person: watching the video to its threshold (learning records) or the campaign's
"캠페인 참여" action — participation counts as a bonus point in the service evaluation.
"""

from django.contrib.auth.views import redirect_to_login
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from lms.records.models import TrackedVideoMixin
from search.index import KoreanSearchable, korean_search_fields, plain_text

SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"


class CampaignIndexPage(KoreanSearchable, Page):
    intro = models.CharField("소개 문구", max_length=255, blank=True)

    search_fields = Page.search_fields + korean_search_fields()

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = "캠페인 목록"

    def search_text(self):
        return plain_text(self.intro)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = selectors.campaigns_for(request.user, self)
        return context


class CampaignPage(KoreanSearchable, RoutablePageMixin, TrackedVideoMixin, Page):
    intro = models.TextField("소개", help_text="영상과 함께 보이고, 공유할 때 설명으로도 쓰입니다.")
    is_public = models.BooleanField(
        "시민 공개",
        default=False,
        help_text="켜면 로그인하지 않은 시민도 이 페이지와 영상을 볼 수 있습니다. 게시할 때 영상도 공개로 바뀝니다.",
    )
    participation_label = models.CharField(
        "참여 버튼 문구",
        max_length=60,
        blank=True,
        help_text="예: 상호존중 서약하기. 비워 두면 영상 시청 완료만 참여로 인정합니다.",
    )
    participation_text = models.TextField("참여 안내", blank=True, help_text="참여 버튼 위에 보이는 설명입니다.")

    search_fields = Page.search_fields + korean_search_fields()
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("is_public"),
        FieldPanel("video"),
        FieldPanel("completion_threshold"),
        InlinePanel("posters", label="포스터", help_text="내려받을 수 있는 캠페인 포스터입니다."),
        MultiFieldPanel([FieldPanel("participation_label"), FieldPanel("participation_text")], heading="캠페인 참여"),
    ]

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "캠페인"
        verbose_name_plural = "캠페인"

    def search_text(self):
        from media_pipeline.selectors import caption_text

        posters = (poster.caption for poster in self.posters.all())
        return plain_text(self.intro, self.participation_text, *posters, caption_text(self.video))

    def search_thumbnail(self):
        return self.share_image

    @property
    def is_public_content(self):
        return self.is_public

    @property
    def share_image(self):
        """The image a shared link shows: the first poster, else the video's poster."""
        first = next(iter(self.posters.all()), None)
        if first is not None:
            return first.image
        return self.video.poster if self.video_id else None

    def serve(self, request, view=None, args=None, kwargs=None):
        if not self.is_public and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, view, args, kwargs)

    def get_context(self, request, *args, **kwargs):
        from lms.records.selectors import player_context

        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            player_context(request, self),
            share=selectors.share_meta(self, request),
            participate_url=self.get_url(request) + self.reverse_subpage("participate"),
        )
        return context

    @path("participate/", name="participate")
    def participate(self, request):
        from .views import participate

        return participate(request, self)


class CampaignPoster(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="posters")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name="포스터 이미지"
    )
    caption = models.CharField("설명", max_length=150, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "포스터"
        verbose_name_plural = "포스터"
