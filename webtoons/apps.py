from django.apps import AppConfig

EPISODE_KIND, MANUAL_KIND = "webtoon_episode", "manual"


class WebtoonsConfig(AppConfig):
    name = "webtoons"
    verbose_name = "웹툰·매뉴얼"

    def ready(self):
        from wagtail.signals import page_published

        from lms.records.choices import CompletionSource
        from lms.records.registry import LearnableKind, register_learnable_kind
        from lms.records.services import record_completions_of
        from webtoons.models import ManualPage, WebtoonEpisodePage
        from webtoons.services import prepare_panel_renditions

        page_published.connect(prepare_panel_renditions, sender=WebtoonEpisodePage, dispatch_uid="webtoon-renditions")
        register_learnable_kind(LearnableKind(EPISODE_KIND, "웹툰", CompletionSource.ONLINE, group_label="웹툰·매뉴얼"))
        register_learnable_kind(LearnableKind(MANUAL_KIND, "대응매뉴얼", CompletionSource.ONLINE, group_label="웹툰·매뉴얼"))
        record_completions_of(WebtoonEpisodePage, kind=EPISODE_KIND)
        record_completions_of(ManualPage, kind=MANUAL_KIND)
