from django.apps import AppConfig

CAMPAIGN_KIND = "campaign"


class CampaignsConfig(AppConfig):
    name = "courses.campaigns"
    label = "campaigns"
    verbose_name = "인식개선 캠페인"

    def ready(self):
        from lms.records.choices import CompletionSource
        from lms.records.registry import LearnableKind, register_learnable_kind
        from lms.records.services import record_completions_of

        from . import signals  # noqa: F401  (connects the publish handler)
        from .models import CampaignPage

        register_learnable_kind(LearnableKind(CAMPAIGN_KIND, "인식개선 캠페인", CompletionSource.ONLINE, group_label="캠페인"))
        record_completions_of(CampaignPage, kind=CAMPAIGN_KIND)
