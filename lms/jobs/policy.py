"""Retry policies for background tasks.

django-tasks (and its database backend) runs a task once: a failure is final and a task whose
worker died stays RUNNING for ever. A task opts into recovery by declaring a policy::

    @reliable(max_attempts=3, timeout=3600, on_retry=..., on_give_up=...)
    @task(queue_name="media")
    def transcode_video(video_id): ...

Only exceptions listed in `retry_on` (by default `TransientError`) are retried: a broken input
fails at once, because running it again gives the same answer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


class TransientError(Exception):
    """A failure that may not happen again: a network or storage hiccup, a killed child process."""


class JobTimedOut(Exception):
    """The task stayed RUNNING longer than its timeout; its worker is presumed dead."""


@dataclass(frozen=True)
class JobPolicy:
    max_attempts: int = 3
    # Seconds (or a callable returning them, read when the reaper runs) after which a RUNNING
    # task is presumed abandoned by a dead worker.
    timeout: float | Callable[[], float] = 600
    # First back-off in seconds (doubling per attempt); None uses settings.JOBS_BACKOFF_SECONDS.
    backoff: float | None = None
    retry_on: tuple[type[BaseException], ...] = (TransientError,)
    # Called as on_retry(args, kwargs, message, attempt, run_after) and on_give_up(args, kwargs, message).
    on_retry: Callable | None = None
    on_give_up: Callable | None = None

    def timeout_seconds(self) -> float:
        return float(self.timeout() if callable(self.timeout) else self.timeout)

    def delay_before(self, attempt: int) -> timedelta:
        """Back-off before attempt number `attempt` (2 = the first retry), doubling and capped."""
        base = self.backoff if self.backoff is not None else getattr(settings, "JOBS_BACKOFF_SECONDS", 30)
        cap = getattr(settings, "JOBS_BACKOFF_MAX_SECONDS", 900)
        return timedelta(seconds=min(cap, base * 2 ** max(0, attempt - 2)))

    def retries(self, exception_class: type[BaseException] | None) -> bool:
        return exception_class is not None and issubclass(exception_class, self.retry_on)


# Tasks without a policy are not retried; the reaper fails them after an hour stuck RUNNING.
DEFAULT_POLICY = JobPolicy(max_attempts=1, timeout=3600)
_policies: dict[str, JobPolicy] = {}


def reliable(**options) -> Callable:
    """Register a retry/timeout policy for a task (apply on top of `@task`)."""
    policy = JobPolicy(**options)

    def register(task):
        _policies[task.module_path] = policy
        return task

    return register


def policy_for(task_path: str) -> JobPolicy:
    return _policies.get(task_path, DEFAULT_POLICY)
