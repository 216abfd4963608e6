"""Background tasks of the media pipeline (queue "media", run by `manage.py run_worker`)."""

from django.conf import settings
from django_tasks import task

from lms.jobs.policy import reliable

from . import services


def transcode_timeout() -> float:
    """Seconds a transcode may stay RUNNING before the reaper presumes its worker dead."""
    return float(getattr(settings, "MEDIA_TRANSCODE_TIMEOUT", 3 * 3600))


def _retry_video(args, kwargs, message, attempt, run_after):
    services.mark_retrying(args[0], message, attempt, run_after)


def _give_up_video(args, kwargs, message):
    services.mark_failed(args[0], message)


@reliable(max_attempts=3, timeout=transcode_timeout, on_retry=_retry_video, on_give_up=_give_up_video)
@task(queue_name="media")
def transcode_video(video_id: int) -> str:
    return services.process_video(video_id)
