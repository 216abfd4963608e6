"""Background export (queue "default", run by `manage.py run_worker`)."""

from django_tasks import task

from lms.jobs.policy import reliable

from . import services


def _retry(args, kwargs, message, attempt, run_after):
    services.mark_retrying(args[0], message, attempt, run_after)


def _give_up(args, kwargs, message):
    services.mark_failed(args[0], message)


@reliable(max_attempts=3, timeout=3600, on_retry=_retry, on_give_up=_give_up)
@task(queue_name="default")
def make_export(export_id: int) -> None:
    services.make_export_file(export_id)
