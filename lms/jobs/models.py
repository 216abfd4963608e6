from django.db import models


class WorkerHeartbeat(models.Model):
    """A task worker started by `run_worker`, and when its supervisor last saw it alive.

    The supervisor refreshes `last_seen` every few seconds (settings.JOBS_WORKER_HEARTBEAT_SECONDS). A
    worker not seen for settings.JOBS_WORKER_LIVENESS_SECONDS is dead, with its whole machine perhaps:
    the reaper on any machine re-queues the tasks it held, without waiting for their timeouts.
    """

    worker_id = models.CharField("워커 ID", max_length=64, unique=True)
    host = models.CharField("기계", max_length=255)
    pid = models.PositiveIntegerField("프로세스 번호")
    started_at = models.DateTimeField("시작 시각", auto_now_add=True)
    last_seen = models.DateTimeField("마지막 응답 시각", db_index=True)

    class Meta:
        verbose_name = "작업 워커 상태"
        verbose_name_plural = "작업 워커 상태"

    def __str__(self):
        return f"{self.worker_id} ({self.host}, pid {self.pid})"
