from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "lms.records"
    label = "records"
    verbose_name = "학습 기록"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401
