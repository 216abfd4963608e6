from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lms.jobs"
    label = "jobs"
    verbose_name = "백그라운드 작업"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules
        from django_tasks.signals import task_finished

        # Policies register when a task module is imported; the reaper needs them all even in a
        # process (run_worker) that never runs a task itself.
        autodiscover_modules("tasks")

        from .services import retry_or_give_up

        task_finished.connect(retry_or_give_up, dispatch_uid="lms.jobs.retry_or_give_up")
