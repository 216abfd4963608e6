from django.apps import AppConfig


class WebtoonsConfig(AppConfig):
    name = "webtoons"
    verbose_name = "웹툰·매뉴얼"

    def ready(self):
        from wagtail.signals import page_published

        from webtoons.models import WebtoonEpisodePage
        from webtoons.services import prepare_panel_renditions

        page_published.connect(prepare_panel_renditions, sender=WebtoonEpisodePage, dispatch_uid="webtoon-renditions")
