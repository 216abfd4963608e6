from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "이러닝 과정"

    def ready(self):
        from lms.records.choices import CompletionSource
        from lms.records.registry import LearnableKind, register_learnable_kind

        from . import receivers  # noqa: F401
        from .models import COURSE_KIND, LESSON_KIND

        register_learnable_kind(LearnableKind(COURSE_KIND, "이러닝 과정", CompletionSource.ONLINE, group_label="이러닝"))
        register_learnable_kind(LearnableKind(LESSON_KIND, "이러닝 차시", CompletionSource.ONLINE, group_label="이러닝"))
