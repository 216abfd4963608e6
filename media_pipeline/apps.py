from django.apps import AppConfig


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    verbose_name = "동영상"
