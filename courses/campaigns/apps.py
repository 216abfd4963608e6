from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "courses.campaigns"
    label = "campaigns"
    verbose_name = "인식개선 캠페인"

    def ready(self):
        from . import signals  # noqa: F401  (connects the publish handler)
