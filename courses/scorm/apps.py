from django.apps import AppConfig


class ScormConfig(AppConfig):
    name = "courses.scorm"
    label = "scorm"
    verbose_name = "SCORM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401
