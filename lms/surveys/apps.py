from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "lms.surveys"
    label = "surveys"
    verbose_name = "만족도 조사"
    default_auto_field = "django.db.models.BigAutoField"
