"""Videos and their HLS renditions.

An editor uploads a source file; a background task validates it with ffprobe and transcodes it
into an adaptive HLS ladder in one ffmpeg process. Renditions land in storage under
`videos/<id>/hls/<run>/` and only a finished run is pointed at by `hls_prefix`, so a player never
sees a half-written ladder.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.search import index

from .captions import to_webvtt, webvtt_text


def source_upload_to(instance, filename):
    """Store under a generated ASCII name: an editor's name may hold Korean, spaces or `../`.

    The name as uploaded is kept in `original_filename` so the editor still recognises the file.
    """
    instance.original_filename = PurePath(filename.replace("\\", "/")).name[:255]
    suffix = PurePath(instance.original_filename).suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and suffix.isascii() and len(suffix) <= 6 else ""
    return f"videos/sources/{uuid.uuid4().hex}{suffix}"


def caption_upload_to(instance, filename):
    return f"videos/captions/{uuid.uuid4().hex}.vtt"


class VideoStatus(models.TextChoices):
    PENDING = "pending", "대기"
    PROBING = "probing", "검사 중"
    TRANSCODING = "transcoding", "변환 중"
    READY = "ready", "완료"
    FAILED = "failed", "실패"


class Video(index.Indexed, ClusterableModel):
    title = models.CharField("제목", max_length=200)
    description = models.TextField("설명", blank=True)
    source = models.FileField("원본 파일", upload_to=source_upload_to, max_length=500)
    original_filename = models.CharField("올린 파일 이름", max_length=255, blank=True, editable=False)
    is_public = models.BooleanField(
        "공개 영상", default=False, help_text="켜면 로그인하지 않은 시민도 볼 수 있습니다(캠페인 영상용)."
    )
    status = models.CharField("상태", max_length=16, choices=VideoStatus.choices, default=VideoStatus.PENDING)
    progress = models.PositiveSmallIntegerField("진행률(%)", default=0)
    error_message = models.TextField("실패 사유", blank=True)
    attempts = models.PositiveSmallIntegerField("시도 횟수", default=0)
    duration = models.FloatField("재생 시간(초)", null=True, blank=True)
    width = models.PositiveIntegerField("원본 가로", null=True, blank=True)
    height = models.PositiveIntegerField("원본 세로", null=True, blank=True)
    probe = models.JSONField("ffprobe 결과", null=True, blank=True, editable=False)
    hls_prefix = models.CharField("HLS 저장 위치", max_length=300, blank=True, editable=False)
    # The run most recently started; only it may publish, so a stale duplicate run never wins.
    current_run = models.CharField("현재 변환 작업", max_length=40, blank=True, editable=False)
    poster = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="포스터"
    )
    created_at = models.DateTimeField("등록일", auto_now_add=True)
    updated_at = models.DateTimeField("수정일", auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="등록자"
    )

    search_fields = [index.SearchField("title"), index.SearchField("description"), index.FilterField("status")]

    class Meta:
        verbose_name = "동영상"
        verbose_name_plural = "동영상"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_ready(self):
        return self.status == VideoStatus.READY

    @property
    def is_playable(self):
        """A finished run is published; it stays playable while a re-transcode is under way."""
        return bool(self.hls_prefix)


class Rendition(models.Model):
    """One rung of the ladder (or the audio-only rendition) of a finished transcode."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="renditions", verbose_name="동영상")
    name = models.CharField("이름", max_length=20)  # e.g. 360p, 720p, audio
    width = models.PositiveIntegerField("가로", null=True, blank=True)
    height = models.PositiveIntegerField("세로", null=True, blank=True)
    bandwidth = models.PositiveIntegerField("대역폭(bps)")
    codecs = models.CharField("코덱", max_length=100)
    playlist = models.CharField("재생목록 경로", max_length=300)
    size_bytes = models.BigIntegerField("용량(바이트)", default=0)

    class Meta:
        verbose_name = "변환본"
        verbose_name_plural = "변환본"
        ordering = ["video", "bandwidth"]
        constraints = [models.UniqueConstraint(fields=["video", "name"], name="unique_rendition_per_video")]

    def __str__(self):
        return f"{self.video} · {self.name}"


class Caption(models.Model):
    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="captions", verbose_name="동영상")
    label = models.CharField("표시 이름", max_length=50, default="한국어")
    language = models.CharField("언어", max_length=10, default="ko")
    file = models.FileField(
        "자막 파일",
        upload_to=caption_upload_to,
        help_text="WebVTT(.vtt) 또는 SRT(.srt) 파일, UTF-8. SRT는 WebVTT로 바꾸어 저장합니다.",
    )
    is_default = models.BooleanField("기본 자막", default=True)
    # The cues' words, kept at upload so search indexes a video's speech without reading the file again.
    text = models.TextField("자막 내용", blank=True, editable=False)

    class Meta:
        verbose_name = "자막"
        verbose_name_plural = "자막"

    def __str__(self):
        return f"{self.video} · {self.label}"

    def clean(self):
        """Validate a newly uploaded caption and store it as WebVTT (SRT is converted)."""
        if self.file and not self.file._committed:
            self.file.seek(0)
            try:
                webvtt = to_webvtt(self.file.read())
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
            self.file = ContentFile(webvtt.encode("utf-8"), name="caption.vtt")
            self.text = webvtt_text(webvtt)
