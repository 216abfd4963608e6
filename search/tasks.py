"""Background tasks of search (the default queue, run by `manage.py run_worker`)."""

from django_tasks import task

from lms.jobs.policy import TransientError, reliable

from . import services


def _retry(args, kwargs, message, attempt, run_after):
    services.mark_retrying(args[0], message, attempt, run_after)


def _give_up(args, kwargs, message):
    services.mark_failed(args[0], message)


@reliable(max_attempts=3, timeout=1800, on_retry=_retry, on_give_up=_give_up)
@task()
def apply_index_update(update_id: int) -> int:
    try:
        return services.run_index_update(update_id=update_id)
    except Exception as error:
        from elasticsearch import ApiError, TransportError

        if isinstance(error, (TransportError, ApiError)):  # the server was down or busy: worth another try
            raise TransientError(f"검색 서버가 응답하지 않았습니다({type(error).__name__}).") from error
        raise
