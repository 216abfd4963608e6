"""악성민원 대응 웹툰 (a series of episodes, each an ordered list of panel images) and the response manual."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from search.index import KoreanSearchable, korean_search_fields, plain_text
from webtoons.forms import ManualPageForm, WebtoonEpisodeForm
from webtoons.text_alternatives import text_alternative_error

TOO_TALL = (
    "{panels}번째 패널의 이미지가 한 패널로 읽기에 너무 깁니다. 편집 화면에서 저장하면 읽기 좋은 높이의 "
    "조각으로 나뉩니다."
)


def too_tall_error(images):
    """Panels added without the admin form (which cuts tall strips into pieces) may still be too tall."""
    from webtoons.strips import is_tall

    tall = [str(number) for number, image in enumerate(images, start=1) if is_tall(image.width, image.height)]
    return TOO_TALL.format(panels=", ".join(tall)) if tall else None

TRANSCRIPT_FEATURES = ["h3", "bold", "italic", "ol", "ul"]


class WebtoonSeriesPage(KoreanSearchable, Page):
    intro = RichTextField("소개", blank=True, features=["bold", "italic", "link"])

    search_fields = Page.search_fields + korean_search_fields()

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["webtoons.WebtoonEpisodePage"]
    page_description = "악성민원 대응 웹툰처럼 여러 회차로 된 웹툰 시리즈의 목록 페이지"

    class Meta:
        verbose_name = "웹툰 시리즈"

    def search_text(self):
        return plain_text(self.intro)

    def route(self, request, path_components):
        """Find an episode among the series' live episodes, loaded once with what the reader page needs.

        The episode page then takes its series, previous/next and read state from the request instead of
        querying for them again (see WebtoonEpisodePage.get_context).
        """
        if not path_components:
            return super().route(request, path_components)
        from webtoons.selectors import series_episodes

        slug, *remaining = path_components
        episodes = series_episodes(self, user=request.user)
        episode = next((episode for episode in episodes if episode.slug == slug), None)
        if episode is None:
            raise Http404
        request.webtoon_series, request.webtoon_episodes = self, episodes
        return episode.route(request, remaining)

    def get_context(self, request, *args, **kwargs):
        from webtoons.selectors import attach_thumbnails, series_episodes

        context = super().get_context(request, *args, **kwargs)
        context["episodes"] = attach_thumbnails(series_episodes(self, user=request.user))
        context["next_unread"] = next((episode for episode in context["episodes"] if not episode.is_read), None)
        return context


class WebtoonEpisodePage(KoreanSearchable, Page):
    episode_number = models.PositiveSmallIntegerField("회차", help_text="목록과 이전·다음 화 순서를 정합니다.")
    summary = models.CharField("줄거리", max_length=300, help_text="목록과 검색 결과에 보이는 한두 문장")
    transcript = RichTextField(
        "대사 대본",
        blank=True,
        features=TRANSCRIPT_FEATURES,
        help_text="장면 설명과 대사를 순서대로 적습니다. 대본이 있으면 패널마다 대체텍스트가 없어도 게시할 수 있습니다.",
    )

    base_form_class = WebtoonEpisodeForm

    content_panels = Page.content_panels + [
        FieldPanel("episode_number"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                HelpPanel(
                    "화면낭독기 사용자도 읽을 수 있도록 모든 패널에 대체텍스트를 넣거나 아래 대사 대본을 작성해야 "
                    "게시할 수 있습니다. 초안 저장은 언제든 됩니다."
                ),
                FieldPanel("panel_upload"),
                InlinePanel("panels", label="패널", heading="패널 (위에서 아래 순서로 보입니다)"),
            ],
            heading="패널 이미지",
        ),
        FieldPanel("transcript"),
    ]

    search_fields = Page.search_fields + korean_search_fields()

    parent_page_types = ["webtoons.WebtoonSeriesPage"]
    subpage_types = []
    page_description = "웹툰 한 회차: 세로로 이어지는 패널 이미지와 대본"

    class Meta:
        verbose_name = "웹툰 회차"
        verbose_name_plural = "웹툰 회차"

    def search_text(self):
        """The summary, every panel's text alternative and the transcript: a scene is found by its words."""
        return plain_text(self.summary, *(panel.alt_text for panel in self.panels.all()), self.transcript)

    def search_thumbnail(self):
        first = next(iter(self.panels.all()), None)
        return first.image if first else None

    def clean(self):
        super().clean()
        # Publishing a revision (admin, scheduled publishing, workflow approval) saves the stored page with
        # live=True through full_clean(), so this is the last line of defence for the text-alternative rule.
        # A page not yet in the database is still being filled in by the admin form, which checks it itself.
        if self.live and not self._state.adding:
            panels = list(self.panels.select_related("image"))
            error = text_alternative_error(
                [(panel.alt_text, panel.continues_previous) for panel in panels], self.transcript
            ) or too_tall_error([panel.image for panel in panels])
            if error:
                raise ValidationError(error)

    def get_context(self, request, *args, **kwargs):
        from webtoons.selectors import episode_panels, neighbours, series_episodes

        context = super().get_context(request, *args, **kwargs)
        series = getattr(request, "webtoon_series", None)
        if series is None:  # previews and other ways in that did not route through the series
            series = self.get_parent().specific
            request.webtoon_episodes = series_episodes(series, user=request.user)
        episodes = request.webtoon_episodes
        context["series"] = series
        context["panels"] = episode_panels(self)
        context["previous_episode"], context["next_episode"] = neighbours(episodes, self)
        context["is_read"] = any(episode.pk == self.pk and episode.is_read for episode in episodes)
        return context


class WebtoonPanel(Orderable):
    page = ParentalKey(WebtoonEpisodePage, on_delete=models.CASCADE, related_name="panels")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.PROTECT, related_name="+", verbose_name="이미지")
    alt_text = models.CharField(
        "대체텍스트",
        max_length=500,
        blank=True,
        help_text=(
            "장면과 대사를 글로 적습니다. 예: ‘민원인이 창구를 두드리며 “책임자 나와!”라고 외친다.’ "
            "긴 이미지를 나눈 조각이면 첫 조각에 이미지 전체를 설명하고, 이어지는 조각은 따로 설명할 때만 적습니다."
        ),
    )
    continues_previous = models.BooleanField(
        "앞 패널에 이어지는 조각",
        default=False,
        help_text=(
            "세로로 긴 이미지를 올리면 읽기 좋은 높이로 나뉘고, 두 번째 조각부터 이 표시가 붙습니다. 대체텍스트를 "
            "비워 두면 첫 조각의 대체텍스트가 이 조각까지 설명합니다(화면낭독기는 한 번만 읽습니다)."
        ),
    )

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("continues_previous")]

    class Meta(Orderable.Meta):
        verbose_name = "패널"
        verbose_name_plural = "패널"

    def __str__(self):
        return f"{self.page} · 패널 {self.sort_order + 1 if self.sort_order is not None else ''}"


class ManualPage(KoreanSearchable, Page):
    intro = RichTextField("소개", blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("editions", label="판", heading="판 (현행판 하나를 표시하세요)", min_num=1),
    ]
    search_fields = Page.search_fields + korean_search_fields()

    base_form_class = ManualPageForm

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    page_description = "여러 판(초판·증보판)의 PDF를 싣는 매뉴얼 페이지"

    class Meta:
        verbose_name = "대응매뉴얼"
        verbose_name_plural = "대응매뉴얼"

    def current_edition(self, editions=None):
        """The edition marked current, or else the newest one (the form allows at most one mark)."""
        editions = sorted(
            self.editions.all() if editions is None else editions,
            key=lambda edition: (edition.published_on, edition.pk or 0),
            reverse=True,
        )
        return next((edition for edition in editions if edition.is_current), editions[0] if editions else None)

    def search_text(self):
        """The introduction and the current edition's PDF text (earlier editions are contained in it)."""
        edition = self.current_edition()
        return plain_text(self.intro, edition.extracted_text() if edition else "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        editions = list(self.editions.select_related("document").order_by("-published_on", "-pk"))
        current = self.current_edition(editions)
        context["current_edition"] = current
        context["earlier_editions"] = [edition for edition in editions if edition is not current]
        return context


class ManualEdition(Orderable):
    page = ParentalKey(ManualPage, on_delete=models.CASCADE, related_name="editions")
    name = models.CharField("판 이름", max_length=100, help_text="예: 초판(2014), 증보판(2018)")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name="PDF 문서"
    )
    published_on = models.DateField("발행일")
    is_current = models.BooleanField("현행판", default=False, help_text="페이지에서 바로 읽도록 보여 줄 판")
    text = models.TextField("검색용 본문", blank=True, editable=False)
    text_error = models.CharField("본문 추출 결과", max_length=200, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("document"), FieldPanel("published_on"), FieldPanel("is_current")]

    class Meta(Orderable.Meta):
        verbose_name = "판"
        verbose_name_plural = "판"

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        edition = super().from_db(db, field_names, values)
        edition._text_document_id = edition.document_id if edition.text or edition.text_error else None
        return edition

    def extracted_text(self):
        """The PDF's text, extracted once per document (at the first index or save, whichever comes first)."""
        from webtoons.manual_text import pdf_text

        if self.document_id and getattr(self, "_text_document_id", None) != self.document_id:
            self.text, self.text_error = pdf_text(self.document)
            self._text_document_id = self.document_id
        return self.text

    def save(self, *args, **kwargs):
        self.extracted_text()
        super().save(*args, **kwargs)
