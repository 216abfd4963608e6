"""Tasks used only by the job-reliability tests."""

from django_tasks import task

from lms.jobs.policy import TransientError, reliable

calls: dict[str, int] = {}
given_up: list[tuple[list, str]] = []
retried: list[tuple[list, int]] = []


def _on_retry(args, kwargs, message, attempt, run_after):
    retried.append((args, attempt))


def _on_give_up(args, kwargs, message):
    given_up.append((args, message))


@reliable(max_attempts=3, backoff=0, on_retry=_on_retry, on_give_up=_on_give_up)
@task()
def flaky(key: str, failures: int) -> str:
    """Fails transiently `failures` times, then succeeds."""
    calls[key] = calls.get(key, 0) + 1
    if calls[key] <= failures:
        raise TransientError(f"저장소 연결이 끊겼습니다({calls[key]}번째)")
    return "ok"


@reliable(max_attempts=3, backoff=0, on_retry=_on_retry, on_give_up=_on_give_up)
@task()
def broken(key: str) -> str:
    calls[key] = calls.get(key, 0) + 1
    raise ValueError("잘못된 입력입니다")
