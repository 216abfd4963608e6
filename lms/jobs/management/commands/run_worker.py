"""Run the task workers of this machine and keep them honest.

Starts `--processes` django-tasks-db workers (`manage.py db_worker`) on the given queues and
supervises them: a worker that dies (killed, out of memory) is replaced at once, the task it
held is re-queued straight away and its temporary files are removed. Every `--heartbeat-every`
seconds it records that its workers are alive (lms.jobs.models.WorkerHeartbeat); the workers die
with it. Every `--reap-every` seconds the reaper recovers tasks whose worker died on another
machine (heartbeat silent for JOBS_WORKER_LIVENESS_SECONDS, or past the task's timeout) and removes
dead workers' temporary files on this machine, and every `--publish-every` seconds Wagtail's
`publish_scheduled` puts pages whose go-live date has come live (and takes expired ones down), so
scheduled episodes go live without anyone clicking, and every `--cleanup-every` seconds
`delete_abandoned_roster_uploads` deletes roster previews never applied within a day and
`delete_expired_exports` the export files past their download period (personal data). With the beat queue on (lms/records/beat_queue.py)
it also runs one heartbeat writer (`write_beats`), restarted if it dies. Any number of machines may run
this command against the same database.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string

from lms.home.korean import josa
from lms.jobs import services
from lms.jobs.processes import die_with_parent
from lms.records import beat_queue

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "작업 워커(db_worker)를 실행하고, 멈춘 작업을 되살리는 회수기를 주기적으로 돌립니다."

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="default,media", help="처리할 큐 (쉼표로 구분)")
        parser.add_argument("--processes", type=int, default=1, help="워커 프로세스 수")
        parser.add_argument("--reap-every", type=float, default=30.0, help="회수기 실행 간격(초)")
        parser.add_argument("--interval", type=float, default=1.0, help="큐가 비었을 때 다시 확인하는 간격(초)")
        parser.add_argument(
            "--publish-every", type=float, default=60.0, help="예약 게시(publish_scheduled) 실행 간격(초), 0이면 하지 않음"
        )
        parser.add_argument(
            "--heartbeat-every",
            type=float,
            default=float(getattr(settings, "JOBS_WORKER_HEARTBEAT_SECONDS", 5)),
            help="워커가 살아 있음을 데이터베이스에 기록하는 간격(초)",
        )
        parser.add_argument(
            "--cleanup-every",
            type=float,
            default=3600.0,
            help="적용하지 않은 명단 업로드·만료된 내보내기 파일 정리 간격(초), 0이면 하지 않음",
        )

    def handle(
        self, *, queues, processes, reap_every, interval, publish_every, heartbeat_every, cleanup_every, **options
    ):
        self.queues, self.interval = queues, interval
        self.stopping = False
        workers = {}  # worker id -> Popen
        self._quietly(services.clean_scratch)  # left by workers of this machine that died with it
        for _ in range(processes):
            self._start_worker(workers)
        beat_writer = self._start_beat_writer()

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

        next_reap = next_publish = next_heartbeat = next_cleanup = 0.0
        while not self.stopping:
            for worker_id, process in list(workers.items()):
                if process.poll() is not None:
                    self.stderr.write(f"{josa(f'워커 {worker_id}(pid {process.pid})', '가')} 종료 코드 {josa(process.returncode, '로')} 끝났습니다. 새로 시작합니다.")
                    del workers[worker_id]
                    self._quietly(self._reap, workers, [worker_id])
                    self._start_worker(workers)
            if time.monotonic() >= next_heartbeat:
                self._quietly(services.record_worker_heartbeats, list(workers))
                next_heartbeat = time.monotonic() + heartbeat_every
            if beat_writer is not None and beat_writer.poll() is not None:
                self.stderr.write(f"시청 기록 저장기(pid {beat_writer.pid})가 종료 코드 {josa(beat_writer.returncode, '로')} 끝났습니다. 새로 시작합니다.")
                beat_writer = self._start_beat_writer()
            if time.monotonic() >= next_reap:
                self._quietly(self._reap, workers)
                next_reap = time.monotonic() + reap_every
            if publish_every > 0 and time.monotonic() >= next_publish:
                self._run_periodic("publish_scheduled", "예약 게시")
                next_publish = time.monotonic() + publish_every
            if cleanup_every > 0 and time.monotonic() >= next_cleanup:
                self._run_periodic("delete_abandoned_roster_uploads", "명단 업로드 정리")
                self._run_periodic("delete_expired_exports", "만료된 내보내기 파일 정리")
                next_cleanup = time.monotonic() + cleanup_every
            time.sleep(0.5)

        # db_worker finishes its current task on SIGTERM, then exits; the beat writer its batch.
        children = [*workers.values(), *([beat_writer] if beat_writer is not None else [])]
        for process in children:
            process.send_signal(signal.SIGTERM)
        for process in children:
            process.wait()
        self._quietly(services.forget_workers, list(workers))

    def _reap(self, workers, dead_worker_ids=None):
        """Recover the tasks of dead workers (these, or any found silent or past their timeout) and remove
        dead workers' temporary files on this machine."""
        outcomes = services.reap_stuck_jobs(worker_ids=dead_worker_ids)
        if outcomes:
            self.stdout.write(f"중단되었거나 응답 없는 작업 처리: {outcomes}")
        if dead_worker_ids:
            services.forget_workers(dead_worker_ids)
        services.clean_scratch(keep=set(workers))

    def _quietly(self, function, *args):
        """A database hiccup must not stop the supervisor; the next round tries again."""
        try:
            function(*args)
        except DatabaseError:
            logger.exception("데이터베이스 오류로 작업 워커 관리를 건너뜁니다. 다음 차례에 다시 시도합니다.")
            close_old_connections()

    def _run_periodic(self, command, label):
        try:
            call_command(command, stdout=self.stdout)
        except Exception:  # a bad page or file must not stop the workers; the next run tries again
            logger.exception("%s(%s) 실패", label, command)

    def _start_beat_writer(self):
        if not beat_queue.enabled():
            return None
        process = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), "write_beats"])
        self.stdout.write(f"시청 기록 저장기 시작 (pid {process.pid})")
        self.stdout.flush()
        return process

    def _start_worker(self, workers):
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        command = [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "db_worker",
            "--queue-name",
            self.queues,
            "--interval",
            str(self.interval),
            "--worker-id",
            worker_id,
            "--no-reload",
            "--no-startup-delay",
        ]
        # A worker dies with its supervisor: once the heartbeat stops, no orphan is still running its task.
        environment = {**os.environ, services.WORKER_ID_ENV: worker_id}
        workers[worker_id] = process = subprocess.Popen(command, env=environment, preexec_fn=die_with_parent)
        self._quietly(services.register_worker, worker_id, process.pid)
        self.stdout.write(f"워커 {worker_id} 시작 (pid {process.pid}, 큐 {self.queues})")
        self.stdout.flush()
