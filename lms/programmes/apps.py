from django.apps import AppConfig

OFFLINE_SESSION_KIND = "offline_session"
IMPORTED_KIND = "imported"


class ProgrammesConfig(AppConfig):
    name = "lms.programmes"
    label = "programmes"
    verbose_name = "집합교육"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.records.models import CompletionSource
        from lms.records.registry import LearnableKind, register_categories, register_learnable_kind

        from .selectors import kind_categories

        register_learnable_kind(
            LearnableKind(key=OFFLINE_SESSION_KIND, label="집합교육", source=CompletionSource.OFFLINE, group_label="집합교육")
        )
        register_learnable_kind(
            LearnableKind(key=IMPORTED_KIND, label="외부 이수", source=CompletionSource.IMPORTED, group_label="외부 이수")
        )
        register_categories(OFFLINE_SESSION_KIND, kind_categories)
