from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="제목")
    text = blocks.TextBlock(label="설명", required=False)
    link_page = blocks.PageChooserBlock(label="연결 페이지", required=False)
    link_text = blocks.CharBlock(label="버튼 문구", required=False)

    class Meta:
        icon = "title"
        label = "대표 안내"
        template = "home/blocks/hero_block.html"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="제목")
    text = blocks.TextBlock(label="설명", required=False)
    image = ImageChooserBlock(label="이미지", required=False)
    page = blocks.PageChooserBlock(label="연결 페이지", required=False)

    class Meta:
        icon = "doc-full"
        label = "카드"


class CardGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="제목", required=False)
    cards = blocks.ListBlock(CardBlock(), label="카드")

    class Meta:
        icon = "grip"
        label = "카드 묶음"
        template = "home/blocks/card_grid_block.html"


class HomePage(Page):
    intro = models.CharField("소개 문구", max_length=255, blank=True)
    body = StreamField(
        [
            ("hero", HeroBlock()),
            ("cards", CardGridBlock()),
            ("text", blocks.RichTextBlock(label="본문", features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])),
        ],
        blank=True,
        verbose_name="본문 구성",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "홈 페이지"

    def get_context(self, request, *args, **kwargs):
        from lms.home.selectors import new_content_for

        context = super().get_context(request, *args, **kwargs)
        context.update(new_content_for(request.user))
        return context


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    contact_department = models.CharField("담당 부서", max_length=100, default="시민봉사담당관")
    contact_phone = models.CharField("문의 전화", max_length=30, default="02-2133-6460")
    contact_email = models.EmailField("문의 이메일", blank=True)
    footer_text = RichTextField("하단 문구", blank=True, features=["bold", "link"])

    panels = [
        FieldPanel("contact_department"),
        FieldPanel("contact_phone"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "사이트 설정"
