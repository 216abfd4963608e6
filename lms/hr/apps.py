from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "lms.hr"
    label = "hr"
    verbose_name = "인사 기록"
    default_auto_field = "django.db.models.BigAutoField"
