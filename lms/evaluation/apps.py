from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "lms.evaluation"
    label = "evaluation"
    verbose_name = "민원서비스 평가 가점"
