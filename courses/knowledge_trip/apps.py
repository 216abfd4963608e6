from django.apps import AppConfig


class KnowledgeTripConfig(AppConfig):
    name = "courses.knowledge_trip"
    label = "knowledge_trip"
    verbose_name = "U-지식여행"
