"""Run the task workers of this machine and keep them honest.

Starts `--processes` django-tasks-db workers (`manage.py db_worker`) on the given queues and
supervises them: a worker that dies (killed, out of memory) is replaced at once and the task it
held is re-queued straight away; every `--reap-every` seconds the timeout reaper recovers tasks
whose worker died on another machine, and every `--publish-every` seconds Wagtail's
`publish_scheduled` puts pages whose go-live date has come live (and takes expired ones down), so
scheduled episodes go live without anyone clicking, and every `--cleanup-every` seconds
`delete_abandoned_roster_uploads` deletes roster previews never applied within a day (personal data). With the beat queue on (lms/records/beat_queue.py)
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
from django.utils.crypto import get_random_string

from lms.jobs.services import reap_stuck_jobs
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
            "--cleanup-every",
            type=float,
            default=3600.0,
            help="적용하지 않은 명단 업로드 정리(delete_abandoned_roster_uploads) 간격(초), 0이면 하지 않음",
        )

    def handle(self, *, queues, processes, reap_every, interval, publish_every, cleanup_every, **options):
        self.queues, self.interval = queues, interval
        self.stopping = False
        workers = {}  # worker id -> Popen
        for _ in range(processes):
            self._start_worker(workers)
        beat_writer = self._start_beat_writer()

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

        next_reap = next_publish = next_cleanup = 0.0
        while not self.stopping:
            for worker_id, process in list(workers.items()):
                if process.poll() is not None:
                    self.stderr.write(f"워커 {worker_id}(pid {process.pid})가 종료 코드 {process.returncode}로 끝났습니다. 새로 시작합니다.")
                    del workers[worker_id]
                    outcomes = reap_stuck_jobs(worker_ids=[worker_id])
                    if outcomes:
                        self.stdout.write(f"중단된 작업 처리: {outcomes}")
                    self._start_worker(workers)
            if beat_writer is not None and beat_writer.poll() is not None:
                self.stderr.write(f"시청 기록 저장기(pid {beat_writer.pid})가 종료 코드 {beat_writer.returncode}로 끝났습니다. 새로 시작합니다.")
                beat_writer = self._start_beat_writer()
            if time.monotonic() >= next_reap:
                outcomes = reap_stuck_jobs()
                if outcomes:
                    self.stdout.write(f"제한 시간을 넘긴 작업 처리: {outcomes}")
                next_reap = time.monotonic() + reap_every
            if publish_every > 0 and time.monotonic() >= next_publish:
                self._run_periodic("publish_scheduled", "예약 게시")
                next_publish = time.monotonic() + publish_every
            if cleanup_every > 0 and time.monotonic() >= next_cleanup:
                self._run_periodic("delete_abandoned_roster_uploads", "명단 업로드 정리")
                next_cleanup = time.monotonic() + cleanup_every
            time.sleep(0.5)

        # db_worker finishes its current task on SIGTERM, then exits; the beat writer its batch.
        children = [*workers.values(), *([beat_writer] if beat_writer is not None else [])]
        for process in children:
            process.send_signal(signal.SIGTERM)
        for process in children:
            process.wait()

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
        workers[worker_id] = process = subprocess.Popen(command)
        self.stdout.write(f"워커 {worker_id} 시작 (pid {process.pid}, 큐 {self.queues})")
        self.stdout.flush()
