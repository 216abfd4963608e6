"""Writes of the media pipeline: registering uploads, processing them, publishing a finished run."""

import logging
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.images import get_image_model

from lms.jobs import services as jobs
from lms.jobs.policy import TransientError

from . import ladder
from .models import Rendition, Video, VideoStatus
from .probe import InvalidSource, inspect_probe, probe_source
from .transcode import TranscodeFailed, TranscodeInterrupted, run_ladder

logger = logging.getLogger(__name__)
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def hls_root(video_id: int) -> str:
    return f"videos/{video_id}/hls/"


def start_processing(video: Video, *, priority: int = 0) -> None:
    """Queue the video for probing and transcoding (after the surrounding transaction commits); the
    worker takes higher `priority` first (-100–100), then the oldest."""
    from .tasks import transcode_video

    Video.objects.filter(pk=video.pk).update(
        status=VideoStatus.PENDING, progress=0, error_message="", attempts=0, updated_at=timezone.now()
    )
    transaction.on_commit(lambda: transcode_video.using(priority=priority).enqueue(video.pk))


def create_video(
    *, title: str, source: File, uploaded_by=None, is_public: bool = False, description: str = "", priority: int = 0
) -> Video:
    """Register an upload (streamed to storage in chunks, never read whole) and queue its processing
    (`priority` as in start_processing).

    Size and content are judged by the pipeline, which fails bad files with a Korean reason.
    """
    video = Video(title=title, description=description, is_public=is_public, uploaded_by=uploaded_by)
    video.source.save(Path(source.name).name, source, save=False)
    video.save()
    start_processing(video, priority=priority)
    return video


def retry_video(video: Video) -> None:
    """The admin's 다시 시도: run the whole pipeline again from the kept source."""
    start_processing(video)


def mark_failed(video_id: int, message: str) -> None:
    Video.objects.filter(pk=video_id).update(
        status=VideoStatus.FAILED, error_message=message, progress=0, updated_at=timezone.now()
    )


def mark_retrying(video_id: int, message: str, attempt: int, run_after) -> None:
    when = timezone.localtime(run_after).strftime("%H:%M:%S")
    Video.objects.filter(pk=video_id).update(
        status=VideoStatus.PENDING,
        progress=0,
        error_message=f"일시적인 문제로 {when}에 다시 시도합니다({attempt}번째 시도). 사유: {message}",
        updated_at=timezone.now(),
    )


def _local_source(video: Video, work_dir: Path) -> Path:
    """A local path of the source: the file itself on disk storage, else a streamed copy."""
    storage = video.source.storage
    if not storage.exists(video.source.name):
        raise InvalidSource("원본 파일을 저장소에서 찾을 수 없습니다. 파일을 다시 올려 주세요.")
    try:
        return Path(storage.path(video.source.name))
    except NotImplementedError:
        copy = work_dir / ("source" + Path(video.source.name).suffix)
        with storage.open(video.source.name, "rb") as remote, copy.open("wb") as local:
            shutil.copyfileobj(remote, local, length=8 * 1024 * 1024)
        return copy


def _progress_reporter(video_id: int):
    last_write = 0.0

    def report(percent: int) -> None:
        nonlocal last_write
        if time.monotonic() - last_write >= 1.0 or percent >= 99:
            Video.objects.filter(pk=video_id).update(progress=percent)
            last_write = time.monotonic()

    return report


def _upload_run(work_dir: Path, prefix: str, measured: list[ladder.Measured]) -> None:
    files = [work_dir / "master.m3u8"]
    for item in measured:
        files += sorted((work_dir / item.output.name).iterdir())
    for path in files:
        name = prefix + path.relative_to(work_dir).as_posix()
        with path.open("rb") as handle:
            stored = default_storage.save(name, File(handle))
        if stored != name:
            raise TransientError(f"저장소에 같은 이름의 파일이 이미 있습니다: {name}")


def _delete_tree(prefix: str) -> None:
    if isinstance(default_storage, FileSystemStorage):
        shutil.rmtree(default_storage.path(prefix))  # also removes the emptied directories
        return
    directories, files = default_storage.listdir(prefix)
    for name in files:
        default_storage.delete(prefix + name)
    for directory in directories:
        _delete_tree(f"{prefix}{directory}/")


def delete_other_runs(video_id: int, keep_run: str) -> None:
    """After a switch, only the published run stays: re-running a job leaves one set of renditions."""
    root = hls_root(video_id)
    if not default_storage.exists(root):
        return
    runs, _ = default_storage.listdir(root)
    for run in runs:
        if run != keep_run:
            _delete_tree(f"{root}{run}/")


def _set_poster(video: Video, poster: Path) -> None:
    """Give the video a generated poster unless an editor chose one."""
    if video.poster_id:
        return
    with poster.open("rb") as handle:
        image = get_image_model().objects.create(
            title=f"{video.title} 포스터", file=ImageFile(handle, name=f"video-{video.pk}-poster.jpg")
        )
    Video.objects.filter(pk=video.pk, poster__isnull=True).update(poster=image)


def _publish(video_id: int, run_id: str, prefix: str, measured: list[ladder.Measured]) -> bool:
    """Point the video at the finished run; False when a newer run has started meanwhile."""
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video_id)
        if video.current_run != run_id:
            return False
        video.renditions.all().delete()
        Rendition.objects.bulk_create(
            Rendition(
                video=video,
                name=item.output.name,
                width=item.output.width,
                height=item.output.height,
                bandwidth=item.peak_bandwidth,
                codecs=item.output.codecs,
                playlist=prefix + item.output.playlist,
                size_bytes=item.size_bytes,
            )
            for item in measured
        )
        video.hls_prefix = prefix
        video.status = VideoStatus.READY
        video.progress = 100
        video.error_message = ""
        video.save(update_fields=["hls_prefix", "status", "progress", "error_message", "updated_at"])
    return True


def process_video(video_id: int) -> str:
    """Probe, transcode, upload, publish. Invalid sources end as 실패 with a Korean reason.

    Interruptions and storage errors raise TransientError so the job layer retries them.
    """
    run_id = f"{timezone.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:12]}"
    Video.objects.filter(pk=video_id).update(
        status=VideoStatus.PROBING, progress=0, attempts=F("attempts") + 1, current_run=run_id, updated_at=timezone.now()
    )
    video = Video.objects.get(pk=video_id)
    prefix = f"{hls_root(video_id)}{run_id}/"
    # Under this worker's scratch directory, which is removed if the worker is killed mid-transcode.
    with tempfile.TemporaryDirectory(prefix=f"lms-video-{video_id}-", dir=jobs.scratch_dir()) as work:
        work_dir = Path(work)
        try:
            source = _local_source(video, work_dir)
            video.probe = probe_source(source)
            video.save(update_fields=["probe", "updated_at"])
            info = inspect_probe(video.probe)
            Video.objects.filter(pk=video_id).update(
                duration=info.duration, width=info.width, height=info.height, status=VideoStatus.TRANSCODING
            )
            result = run_ladder(
                source,
                info,
                work_dir,
                preset=getattr(settings, "MEDIA_X264_PRESET", "veryfast"),
                on_progress=_progress_reporter(video_id),
                readrate=getattr(settings, "MEDIA_FFMPEG_READRATE", None),
            )
        except (InvalidSource, TranscodeFailed) as error:
            mark_failed(video_id, str(error))
            return "failed"
        except TranscodeInterrupted as error:
            raise TransientError(str(error)) from error
        except STORAGE_ERRORS as error:
            raise TransientError(f"원본을 저장소에서 읽지 못했습니다: {error}") from error
        logger.info("동영상 %s 변환 완료 (%s 방식, %d개 변환본)", video_id, result.plan, len(result.measured))
        try:
            _upload_run(work_dir, prefix, result.measured)
            if result.poster:
                _set_poster(video, result.poster)
        except STORAGE_ERRORS as error:
            _delete_tree_quietly(prefix)
            raise TransientError(f"변환 결과를 저장소에 올리지 못했습니다: {error}") from error
    if not _publish(video_id, run_id, prefix, result.measured):
        _delete_tree_quietly(prefix)  # a newer run of the same video owns the result now
        return "superseded"
    delete_other_runs(video_id, keep_run=run_id)
    return "ready"


def _delete_tree_quietly(prefix: str) -> None:
    try:
        _delete_tree(prefix)
    except STORAGE_ERRORS:
        logger.exception("변환 중간 결과 %s를 지우지 못했습니다", prefix)
