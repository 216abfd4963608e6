"""Store the heartbeats queued in Redis (lms/records/beat_queue.py) until stopped.

`run_worker` starts one on every worker machine and restarts it if it dies; any number may run
against the same Redis and database. SIGTERM lets the batch in hand finish first.
"""

import signal

from django.core.management.base import BaseCommand

from lms.records import beat_queue


class Command(BaseCommand):
    help = "Redis 대기열에 쌓인 시청 기록을 모아서 데이터베이스에 저장합니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--gather-seconds",
            type=float,
            default=0.25,
            help="가득 차지 않은 묶음을 저장한 뒤 다음 묶음이 모이기를 기다리는 시간(초)",
        )
        parser.add_argument("--max-batch", type=int, default=beat_queue.MAX_BATCH, help="한 번에 저장할 최대 신호 수")

    def handle(self, *, gather_seconds, max_batch, **options):
        if not beat_queue.enabled():
            self.stdout.write("시청 기록 대기열을 쓰지 않는 설정입니다(RECORDS_BEAT_QUEUE, REDIS_URL). 할 일이 없습니다.")
            return
        stopping = []
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.append(True))
        writer = beat_queue.Writer(max_batch=max_batch)
        self.stdout.write(f"시청 기록 저장기 {writer.name} 시작")
        self.stdout.flush()
        writer.run(gather_seconds=gather_seconds, should_stop=lambda: bool(stopping))
