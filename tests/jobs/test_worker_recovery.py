"""Real `db_worker` / `run_worker` subprocesses against the test database: a worker killed with SIGKILL
in the middle of a transcode is recovered and the job completes; a whole `run_worker` process group
killed (a crashed machine) is noticed by its silent heartbeat, its task re-queued within seconds of the
liveness limit and its temporary files removed; the supervisor publishes scheduled pages by itself.
"""

import datetime as dt

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lms.jobs.services import reap_stuck_jobs
from media_pipeline import services
from media_pipeline.demo import make_clip
from media_pipeline.models import VideoStatus
from wagtail.models import Page, Site

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "media"]}}
CLIP_SECONDS = 4


@pytest.fixture
def worker_env(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("SQLite의 메모리 테스트 DB는 다른 프로세스와 공유할 수 없습니다(PostgreSQL로 실행하세요).")
    settings.TASKS = DB_TASKS
    settings.JOBS_BACKOFF_SECONDS = 0  # the reaper in this process re-queues for immediate pickup
    env = dict(os.environ)
    settings.JOBS_SCRATCH_ROOT = settings.MEDIA_ROOT.parent / "scratch"
    env.update(
        DJANGO_SETTINGS_MODULE="tests.jobs.worker_settings",
        LMS_TEST_DATABASE_NAME=connection.settings_dict["NAME"],
        LMS_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        LMS_TEST_SCRATCH_ROOT=str(settings.JOBS_SCRATCH_ROOT),
    )
    return env


@pytest.fixture
def processes():
    started = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def start(processes, env, *args):
    process = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), *args], env=env, start_new_session=True)
    processes.append(process)
    return process


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{timeout}초 안에 {what} 상태가 되지 않았습니다")


@pytest.fixture
def queued_video(tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", seconds=CLIP_SECONDS)
    with clip.open("rb") as handle:
        video = services.create_video(title="중단 복구 시험 영상", source=File(handle, name="clip.mp4"))
    return video


def transcoding(video):
    def check():
        video.refresh_from_db()
        return video.status == VideoStatus.TRANSCODING and video.progress > 0

    return check


def finished(video):
    def check():
        video.refresh_from_db()
        return video.status in (VideoStatus.READY, VideoStatus.FAILED)

    return check


def job_of(video):
    return DBTaskResult.objects.get(task_path="media_pipeline.tasks.transcode_video", args_kwargs__args=[video.pk])


def assert_completed_once(video):
    assert video.status == VideoStatus.READY, video.error_message
    row = job_of(video)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(row.worker_ids) == 2  # the killed attempt and the one that finished
    runs = os.listdir(Path(settings.MEDIA_ROOT) / services.hls_root(video.pk))
    assert runs == [video.hls_prefix.rstrip("/").rsplit("/", 1)[-1]]  # no half-written run left behind
    assert video.renditions.count() == 2


def test_timeout_reaper_recovers_a_transcode_whose_worker_was_killed(worker_env, processes, queued_video, settings):
    worker = start(processes, worker_env, "db_worker", "--queue-name", "media", "--no-startup-delay", "--no-reload")
    wait_for(transcoding(queued_video), 60, "변환 중")
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()

    row = job_of(queued_video)
    assert row.status == TaskResultStatus.RUNNING  # django-tasks-db alone would leave it so for ever
    assert reap_stuck_jobs() == {}  # not yet past its timeout
    settings.MEDIA_TRANSCODE_TIMEOUT = 0.5
    time.sleep(1)
    assert reap_stuck_jobs() == {str(row.pk): "requeued"}
    queued_video.refresh_from_db()
    assert queued_video.status == VideoStatus.PENDING and "다시 시도" in queued_video.error_message

    start(processes, worker_env, "db_worker", "--queue-name", "media", "--batch", "--no-startup-delay", "--no-reload").wait(timeout=120)
    queued_video.refresh_from_db()
    assert_completed_once(queued_video)


def test_run_worker_replaces_a_killed_worker_and_finishes_the_job(worker_env, processes, queued_video):
    supervisor = start(processes, worker_env, "run_worker", "--queues", "default,media", "--reap-every", "5")
    wait_for(transcoding(queued_video), 60, "변환 중")
    worker_pids = subprocess.run(["pgrep", "-P", str(supervisor.pid)], capture_output=True, text=True).stdout.split()
    assert len(worker_pids) == 1
    os.kill(int(worker_pids[0]), signal.SIGKILL)

    wait_for(finished(queued_video), 120, "완료")
    assert_completed_once(queued_video)


LIVENESS_SECONDS = 4


def leftovers(settings):
    """Transcode work directories still on disk under the workers' scratch root."""
    return sorted(path.relative_to(settings.JOBS_SCRATCH_ROOT).as_posix() for path in Path(settings.JOBS_SCRATCH_ROOT).glob("*/lms-video-*"))


def test_a_crashed_worker_machine_is_noticed_by_its_silent_heartbeat(worker_env, processes, tmp_path, settings):
    clip = make_clip(tmp_path / "long.mp4", seconds=12)  # read at its own pace: 12 s of transcoding
    with clip.open("rb") as handle:
        video = services.create_video(title="기계 고장 복구 시험 영상", source=File(handle, name="long.mp4"))
    settings.JOBS_WORKER_LIVENESS_SECONDS = LIVENESS_SECONDS
    worker_env.update(LMS_TEST_WORKER_LIVENESS=str(LIVENESS_SECONDS))
    machine = start(processes, worker_env, "run_worker", "--queues", "media", "--heartbeat-every", "0.5", "--reap-every", "1")
    wait_for(transcoding(video), 60, "변환 중")

    # Alive and busy past the liveness limit: a long transcode is left alone.
    time.sleep(LIVENESS_SECONDS + 1)
    assert reap_stuck_jobs() == {}
    video.refresh_from_db()
    assert video.status == VideoStatus.TRANSCODING

    os.killpg(machine.pid, signal.SIGKILL)  # the machine crashes: supervisor, worker and ffmpeg at once
    machine.wait()
    row = job_of(video)
    assert row.status == TaskResultStatus.RUNNING
    assert len(leftovers(settings)) == 1  # the killed transcode's work directory, for now

    time.sleep(LIVENESS_SECONDS + 1)
    assert reap_stuck_jobs() == {str(row.pk): "requeued"}  # minutes before the 3-hour transcode timeout
    video.refresh_from_db()
    assert video.status == VideoStatus.PENDING
    assert "응답하지 않습니다" in video.error_message and "다시 시도" in video.error_message

    # Another machine's worker (here: the same one restarted) finishes the job and clears what was left.
    survivor = start(processes, worker_env, "run_worker", "--queues", "media", "--reap-every", "1")
    wait_for(finished(video), 120, "완료")
    assert_completed_once(video)
    wait_for(lambda: leftovers(settings) == [], 10, "임시 파일 없음")
    survivor.terminate()
    survivor.wait(timeout=30)


def test_run_worker_publishes_a_scheduled_page_when_its_time_comes(worker_env, processes):
    page = Page(title="다음 편 예고", slug="scheduled-by-worker", live=False)
    Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
    page.go_live_at = timezone.now() + dt.timedelta(seconds=3)
    page.save_revision().publish()  # the editor's "게시" with a go-live date in the future
    page.refresh_from_db()
    assert not page.live

    start(processes, worker_env, "run_worker", "--queues", "default", "--publish-every", "1")

    def live():
        page.refresh_from_db()
        return page.live

    wait_for(live, 30, "게시됨")
