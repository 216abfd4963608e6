from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "lms.evaluation"
    label = "evaluation"
    verbose_name = "민원서비스 평가 가점"

    def ready(self):
        from lms.hr.export_kinds import register_export_kind

        from .exports import FROZEN_RESULT_EXPORT, RATES_EXPORT

        register_export_kind(RATES_EXPORT)
        register_export_kind(FROZEN_RESULT_EXPORT)
