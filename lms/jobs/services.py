"""Retry failed tasks and recover tasks abandoned by dead workers.

A retried or recovered task keeps its database row: it goes back to READY with a later
`run_after`, and the row's `worker_ids` (one per claim) counts the attempts. Only the database
backend can defer work, so with other backends (the immediate one in tests) a failure is final.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .policy import JobPolicy, JobTimedOut, policy_for

logger = logging.getLogger(__name__)


def _failure_message(exception_class_path: str, traceback: str) -> str:
    """The exception's own message (our task exceptions carry a Korean one), else its class."""
    last_line = next((line for line in reversed(traceback.strip().splitlines()) if line.strip()), "")
    _, _, message = last_line.partition(": ")
    return message.strip() or exception_class_path.rsplit(".", 1)[-1]


def _exception_class(path: str) -> type[BaseException] | None:
    try:
        exception_class = import_string(path)
    except ImportError:
        return None
    return exception_class if isinstance(exception_class, type) else None


def schedule_retry(db_result: DBTaskResult, policy: JobPolicy, message: str, *, now: datetime | None = None) -> datetime:
    """Put the task back in its queue after the policy's back-off; returns when it may run."""
    attempt = len(db_result.worker_ids) + 1
    run_after = (now or timezone.now()) + policy.delay_before(attempt)
    DBTaskResult.objects.filter(pk=db_result.pk).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning("작업 %s 재시도 예약(%d/%d, %s): %s", db_result.pk, attempt, policy.max_attempts, run_after, message)
    if policy.on_retry:
        args_kwargs = db_result.args_kwargs
        policy.on_retry(args_kwargs["args"], args_kwargs["kwargs"], message, attempt, run_after)
    return run_after


def give_up(policy: JobPolicy, args: list, kwargs: dict, message: str) -> None:
    logger.error("작업 포기: %s", message)
    if policy.on_give_up:
        policy.on_give_up(args, kwargs, message)


def retry_or_give_up(sender, task_result, **kwargs) -> None:
    """`task_finished` receiver: a failed task is retried if its policy allows, else given up."""
    if task_result.status != TaskResultStatus.FAILED or not task_result.errors:
        return
    policy = policy_for(task_result.task.module_path)
    error = task_result.errors[-1]
    message = _failure_message(error.exception_class_path, error.traceback)
    db_result = getattr(task_result, "db_result", None)
    if (
        db_result is not None
        and policy.retries(_exception_class(error.exception_class_path))
        and task_result.attempts < policy.max_attempts
    ):
        schedule_retry(db_result, policy, message)
    else:
        if task_result.attempts >= policy.max_attempts > 1:
            message = f"{policy.max_attempts}회 시도했지만 실패했습니다: {message}"
        give_up(policy, list(task_result.args), dict(task_result.kwargs), message)


def reap_stuck_jobs(*, worker_ids: list[str] | None = None, now: datetime | None = None) -> dict[str, str]:
    """Re-queue or fail RUNNING tasks whose worker is gone.

    A task counts as abandoned when it has been RUNNING longer than its policy's timeout, or,
    when `worker_ids` is given (a supervisor saw those workers die), when one of them holds it.
    Returns {task id: "requeued" | "failed"}.
    """
    now = now or timezone.now()
    outcomes = {}
    # Hooks run inside the row locks so a concurrent reaper never handles the same task twice.
    with transaction.atomic():
        for db_result in DBTaskResult.objects.running().select_for_update(skip_locked=True).order_by("started_at"):
            policy = policy_for(db_result.task_path)
            if worker_ids is not None:
                abandoned = bool(db_result.worker_ids) and db_result.worker_ids[-1] in worker_ids
                reason = "작업자 프로세스가 비정상 종료되었습니다."
            else:
                abandoned = (now - db_result.started_at).total_seconds() > policy.timeout_seconds()
                reason = f"작업이 제한 시간({policy.timeout_seconds():.0f}초)을 넘겨 응답이 없습니다."
            if not abandoned:
                continue
            if len(db_result.worker_ids) < policy.max_attempts:
                schedule_retry(db_result, policy, reason, now=now)
                outcomes[str(db_result.pk)] = "requeued"
            else:
                db_result.set_failed(JobTimedOut(reason))
                args_kwargs = db_result.args_kwargs
                give_up(policy, args_kwargs["args"], args_kwargs["kwargs"], f"{policy.max_attempts}회 시도했지만 실패했습니다: {reason}")
                outcomes[str(db_result.pk)] = "failed"
    return outcomes
