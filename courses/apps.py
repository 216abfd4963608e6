from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "이러닝 과정"

    def ready(self):
        from . import receivers  # noqa: F401
