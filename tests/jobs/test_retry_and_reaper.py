"""Retry with capped attempts and back-off, and the reaper for tasks left RUNNING by dead workers."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lms.jobs.policy import JobPolicy
from lms.jobs.models import WorkerHeartbeat
from lms.jobs.services import clean_scratch, reap_stuck_jobs
from tests.jobs import tasks

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "media"]}}

# db_worker closes and reopens connections, so these tests cannot run inside one transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.TASKS = DB_TASKS
    tasks.calls.clear()
    tasks.given_up.clear()
    tasks.retried.clear()


def work_off_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--queue-name", "default", verbosity=0)


def test_transient_failures_are_retried_until_success():
    result = tasks.flaky.enqueue("a", 2)
    work_off_queue()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(row.worker_ids) == 3  # one claim per attempt
    assert tasks.calls["a"] == 3
    assert [attempt for _, attempt in tasks.retried] == [2, 3]
    assert tasks.given_up == []


def test_attempts_are_capped():
    result = tasks.flaky.enqueue("b", 10)
    work_off_queue()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert tasks.calls["b"] == 3
    assert tasks.given_up == [(["b", 10], "3회 시도했지만 실패했습니다: 저장소 연결이 끊겼습니다(3번째)")]


def test_permanent_errors_are_not_retried():
    result = tasks.broken.enqueue("c")
    work_off_queue()

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    assert tasks.calls["c"] == 1
    assert tasks.given_up == [(["c"], "잘못된 입력입니다")]


def test_backoff_doubles_and_is_capped(settings):
    settings.JOBS_BACKOFF_MAX_SECONDS = 300
    policy = JobPolicy(backoff=30)
    assert [policy.delay_before(n).total_seconds() for n in (2, 3, 4, 5, 6)] == [30, 60, 120, 240, 300]


def test_retry_waits_for_its_backoff(settings):
    settings.JOBS_BACKOFF_SECONDS = 60
    from lms.jobs.policy import _policies

    _policies[tasks.flaky.module_path] = JobPolicy(max_attempts=3, on_retry=tasks._on_retry)
    try:
        result = tasks.flaky.enqueue("d", 1)
        work_off_queue()
    finally:
        _policies[tasks.flaky.module_path] = JobPolicy(max_attempts=3, backoff=0, on_retry=tasks._on_retry, on_give_up=tasks._on_give_up)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY  # not run again yet: it waits
    assert row.run_after - timezone.now() > timedelta(seconds=50)


def stuck(task, worker_ids, minutes_ago):
    result = task.enqueue("stuck", 0)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids, started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return result.id


def test_reaper_requeues_a_task_stuck_past_its_timeout_and_leaves_fresh_ones():
    old = stuck(tasks.flaky, ["dead-worker"], minutes_ago=11)  # default timeout 600 s
    fresh = stuck(tasks.flaky, ["live-worker"], minutes_ago=1)

    assert reap_stuck_jobs() == {str(old): "requeued"}
    assert DBTaskResult.objects.get(pk=old).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=fresh).status == TaskResultStatus.RUNNING

    work_off_queue()
    assert DBTaskResult.objects.get(pk=old).status == TaskResultStatus.SUCCESSFUL


def test_reaper_fails_a_task_out_of_attempts():
    old = stuck(tasks.flaky, ["w1", "w2", "w3"], minutes_ago=30)

    assert reap_stuck_jobs() == {str(old): "failed"}
    row = DBTaskResult.objects.get(pk=old)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "lms.jobs.policy.JobTimedOut"
    assert tasks.given_up and "3회 시도했지만 실패했습니다" in tasks.given_up[0][1]


def test_reaper_recovers_at_once_tasks_of_workers_seen_dying():
    mine = stuck(tasks.flaky, ["crashed"], minutes_ago=0)
    other = stuck(tasks.flaky, ["healthy"], minutes_ago=0)

    assert reap_stuck_jobs(worker_ids=["crashed"]) == {str(mine): "requeued"}
    assert DBTaskResult.objects.get(pk=other).status == TaskResultStatus.RUNNING


def heartbeat(worker_id, seconds_ago):
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, host="worker-2", pid=4242, last_seen=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_reaper_requeues_the_tasks_of_a_worker_whose_heartbeat_went_silent(settings):
    settings.JOBS_WORKER_LIVENESS_SECONDS = 90
    silent = stuck(tasks.flaky, ["worker-2-17-deadbeef"], minutes_ago=2)  # far inside its 600 s timeout
    heartbeat("worker-2-17-deadbeef", seconds_ago=120)
    long_running = stuck(tasks.flaky, ["worker-3-18-alive000"], minutes_ago=9)  # alive: left alone
    heartbeat("worker-3-18-alive000", seconds_ago=3)
    unannounced = stuck(tasks.flaky, ["plain-db-worker"], minutes_ago=2)  # no heartbeat: its timeout decides

    assert reap_stuck_jobs() == {str(silent): "requeued"}
    assert DBTaskResult.objects.get(pk=silent).status == TaskResultStatus.READY
    assert [args for args, _ in tasks.retried] == [["stuck", 0]]
    assert DBTaskResult.objects.get(pk=long_running).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=unannounced).status == TaskResultStatus.RUNNING
    # The silent worker's row is gone with its tasks; the live one's stays.
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["worker-3-18-alive000"]


def test_dead_workers_scratch_directories_are_removed_and_live_ones_kept(settings, tmp_path):
    settings.JOBS_SCRATCH_ROOT = tmp_path
    heartbeat("alive-worker", seconds_ago=1)
    heartbeat("silent-worker", seconds_ago=600)
    for name in ["alive-worker", "silent-worker", "forgotten-worker", f"pid-{os.getpid()}", "pid-999999999", "kept-by-supervisor"]:
        (tmp_path / name / "lms-video-7-abc").mkdir(parents=True)

    removed = clean_scratch(keep={"kept-by-supervisor"})
    assert sorted(removed) == ["forgotten-worker", "pid-999999999", "silent-worker"]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["alive-worker", f"pid-{os.getpid()}", "kept-by-supervisor"])
