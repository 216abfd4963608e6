"""Retry failed tasks and recover tasks abandoned by dead workers.

A retried or recovered task keeps its database row: it goes back to READY with a later
`run_after`, and the row's `worker_ids` (one per claim) counts the attempts. Only the database
backend can defer work, so with other backends (the immediate one in tests) a failure is final.

A worker is known dead when its supervisor says so (`worker_ids`), when its heartbeat row
(models.WorkerHeartbeat, refreshed by run_worker) is older than JOBS_WORKER_LIVENESS_SECONDS (the
whole machine died), or, for workers without a heartbeat, when a task outlives its policy's timeout.
Each worker keeps its temporary files under a directory of its own (`scratch_dir`), which
`clean_scratch` removes once the worker is dead, so a killed transcode leaves nothing behind.
"""

import logging
import os
import shutil
import socket
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat
from .policy import JobPolicy, JobTimedOut, policy_for

logger = logging.getLogger(__name__)
WORKER_ID_ENV = "LMS_WORKER_ID"  # set by run_worker for each worker it starts


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


def liveness_seconds() -> float:
    return float(getattr(settings, "JOBS_WORKER_LIVENESS_SECONDS", 90))


def register_worker(worker_id: str, pid: int, *, now: datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": socket.gethostname(), "pid": pid, "last_seen": now or timezone.now()}
    )


def record_worker_heartbeats(worker_ids: list[str], *, now: datetime | None = None) -> None:
    """The supervisor saw these workers alive just now."""
    WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).update(last_seen=now or timezone.now())


def forget_workers(worker_ids: list[str]) -> None:
    WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).delete()


def _silent_workers(now: datetime) -> dict[str, float]:
    """{worker id: seconds since last seen} of the workers whose heartbeat is older than the liveness limit."""
    limit = liveness_seconds()
    stale = WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(seconds=limit))
    return {worker_id: (now - last_seen).total_seconds() for worker_id, last_seen in stale.values_list("worker_id", "last_seen")}


def reap_stuck_jobs(*, worker_ids: list[str] | None = None, now: datetime | None = None) -> dict[str, str]:
    """Re-queue or fail RUNNING tasks whose worker is gone.

    With `worker_ids` (a supervisor saw those workers die), the tasks they hold. Otherwise the tasks of
    workers whose heartbeat went silent, and tasks RUNNING longer than their policy's timeout.
    Silent workers' heartbeat rows are dropped once their tasks are handled.
    Returns {task id: "requeued" | "failed"}.
    """
    now = now or timezone.now()
    outcomes = {}
    silent = {} if worker_ids is not None else _silent_workers(now)
    # Hooks run inside the row locks so a concurrent reaper never handles the same task twice.
    with transaction.atomic():
        for db_result in DBTaskResult.objects.running().select_for_update(skip_locked=True).order_by("started_at"):
            policy = policy_for(db_result.task_path)
            holder = db_result.worker_ids[-1] if db_result.worker_ids else None
            if worker_ids is not None:
                abandoned = holder in worker_ids
                reason = "작업자 프로세스가 비정상 종료되었습니다."
            elif holder in silent:
                abandoned = True
                reason = f"작업자({holder})가 {silent[holder]:.0f}초 동안 응답하지 않습니다(작업 기계가 멈췄거나 종료되었습니다)."
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
        forget_workers(list(silent))
    return outcomes


def scratch_root() -> Path:
    return Path(getattr(settings, "JOBS_SCRATCH_ROOT", None) or Path(tempfile.gettempdir()) / "lms-jobs")


def _own_scratch_name() -> str:
    return os.environ.get(WORKER_ID_ENV) or f"pid-{os.getpid()}"


def scratch_dir() -> Path:
    """This worker's directory for temporary files (create temporary directories inside it)."""
    path = scratch_root() / _own_scratch_name()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def clean_scratch(*, keep: set[str] = frozenset()) -> list[str]:
    """Remove the scratch directories on this machine whose worker is dead; returns their names.

    A worker started by run_worker is alive while its heartbeat is fresh (or it is in `keep`, the
    supervisor's own running workers); any other process (`pid-N`) while that process exists.
    """
    root = scratch_root()
    if not root.is_dir():
        return []
    fresh = set(
        WorkerHeartbeat.objects.filter(
            last_seen__gte=timezone.now() - timedelta(seconds=liveness_seconds())
        ).values_list("worker_id", flat=True)
    )
    removed = []
    for path in root.iterdir():
        name = path.name
        if name in keep or name in fresh:
            continue
        if name.startswith("pid-") and name[4:].isdigit() and _pid_alive(int(name[4:])):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(name)
    if removed:
        logger.warning("종료된 작업자의 임시 파일을 지웠습니다: %s", ", ".join(removed))
    return removed
