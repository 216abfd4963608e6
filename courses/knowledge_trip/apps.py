from django.apps import AppConfig

EPISODE_KIND = "knowledge_trip_episode"


class KnowledgeTripConfig(AppConfig):
    name = "courses.knowledge_trip"
    label = "knowledge_trip"
    verbose_name = "U-지식여행"

    def ready(self):
        from lms.records.choices import CompletionSource
        from lms.records.registry import LearnableKind, register_learnable_kind
        from lms.records.services import record_completions_of

        from .models import KnowledgeTripEpisodePage

        register_learnable_kind(LearnableKind(EPISODE_KIND, "U-지식여행", CompletionSource.ONLINE, group_label="U-지식여행"))
        record_completions_of(KnowledgeTripEpisodePage, kind=EPISODE_KIND)
