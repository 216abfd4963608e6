"""Check an uploaded source with ffprobe before any transcoding work.

`probe_source(path)` runs ffprobe once and returns its JSON (stored in `Video.probe`);
`inspect_probe(probe, size)` turns it into `SourceInfo` or raises `InvalidSource` with a Korean
message an editor can act on.
"""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_DURATION_SECONDS = 4 * 3600
MIN_SIDE, MAX_WIDTH, MAX_HEIGHT = 16, 7680, 4320
# Codecs ffmpeg decodes well that editors actually export; anything else is asked to be re-exported.
SUPPORTED_VIDEO_CODECS = {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mpeg2video", "prores", "dnxhd", "mjpeg"}
SUPPORTED_AUDIO_CODECS = {"aac", "mp3", "opus", "vorbis", "flac", "ac3", "eac3", "alac", "pcm_s16le", "pcm_s24le"}
IMAGE_SIGNATURES = [b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM"]
RE_EXPORT_HINT = "H.264(MP4) 형식으로 다시 내보낸 뒤 올려 주세요."


class InvalidSource(Exception):
    """The source cannot become a video; the message (Korean) is shown to the editor."""


@dataclass(frozen=True)
class SourceInfo:
    duration: float
    width: int | None
    height: int | None
    fps: float | None
    has_video: bool
    has_audio: bool

    @property
    def audio_only(self) -> bool:
        return not self.has_video


def max_upload_bytes() -> int:
    return int(getattr(settings, "MEDIA_MAX_UPLOAD_BYTES", 2 * 1024**3))


def human_size(num_bytes: int) -> str:
    for unit in ("바이트", "KB", "MB", "GB"):
        if num_bytes < 1024 or unit == "GB":
            return f"{num_bytes:.0f} {unit}" if unit == "바이트" else f"{num_bytes:.1f} {unit}".replace(".0 ", " ")
        num_bytes /= 1024
    raise AssertionError("unreachable")


def check_size(size: int) -> None:
    if size == 0:
        raise InvalidSource("빈 파일입니다(0바이트). 업로드가 끝까지 되었는지 확인하고 다시 올려 주세요.")
    if size > max_upload_bytes():
        raise InvalidSource(
            f"파일이 너무 큽니다({human_size(size)}). 최대 {human_size(max_upload_bytes())}까지 올릴 수 있습니다."
        )


def _sniff(path: Path) -> str | None:
    """Name what a file that ffprobe rejects really is, from its first bytes."""
    head = path.open("rb").read(512)
    if any(head.startswith(signature) for signature in IMAGE_SIGNATURES) or head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp":
        return "truncated-mp4"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text" if all(ch.isprintable() or ch.isspace() for ch in text) else None


def probe_source(path: Path) -> dict:
    """Run ffprobe once; raise InvalidSource when it cannot read the file at all."""
    check_size(path.stat().st_size)
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        timeout=60,
    )
    if result.returncode != 0:
        kind = _sniff(path)
        if kind == "image":
            raise InvalidSource("동영상이 아니라 이미지 파일입니다. 확장자만 .mp4로 바뀐 것 같습니다.")
        if kind == "text":
            raise InvalidSource("동영상이 아니라 텍스트 파일입니다. 확장자만 .mp4로 바뀐 것 같습니다.")
        if kind == "truncated-mp4":
            raise InvalidSource(
                "MP4 파일이 잘려 있습니다(끝부분이 없습니다). 원본을 다시 내보내거나 업로드를 처음부터 다시 해 주세요."
            )
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise InvalidSource(f"동영상 파일로 읽을 수 없습니다. {RE_EXPORT_HINT} (ffprobe: {detail[0][:200]})")
    return json.loads(result.stdout)


def _frame_rate(stream: dict) -> float | None:
    numerator, _, denominator = stream.get("avg_frame_rate", "0/0").partition("/")
    try:
        return float(numerator) / float(denominator) if float(denominator) else None
    except ValueError:
        return None


def inspect_probe(probe: dict) -> SourceInfo:
    """Validate ffprobe's findings; raise InvalidSource with the reason in Korean."""
    format_name = probe.get("format", {}).get("format_name", "")
    streams = probe.get("streams", [])
    if format_name.endswith("_pipe") or format_name == "image2":
        raise InvalidSource("동영상이 아니라 이미지 파일입니다. 확장자만 .mp4로 바뀐 것 같습니다.")
    if format_name == "tty":
        raise InvalidSource("동영상이 아니라 텍스트 파일입니다. 확장자만 .mp4로 바뀐 것 같습니다.")
    video = next(
        (s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")),
        None,
    )
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    try:
        duration = float(probe.get("format", {}).get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise InvalidSource("재생 시간이 0초입니다. 영상이 들어 있지 않은 파일입니다.")
    if duration > MAX_DURATION_SECONDS:
        raise InvalidSource(f"재생 시간이 너무 깁니다({duration / 3600:.1f}시간). 4시간 이하로 나누어 올려 주세요.")
    if video is None and audio is None:
        raise InvalidSource("영상이나 소리가 들어 있지 않은 파일입니다.")
    if video is not None and video.get("codec_name") not in SUPPORTED_VIDEO_CODECS:
        raise InvalidSource(f"지원하지 않는 영상 코덱({video.get('codec_name', '알 수 없음')})입니다. {RE_EXPORT_HINT}")
    if audio is not None and audio.get("codec_name") not in SUPPORTED_AUDIO_CODECS:
        raise InvalidSource(f"지원하지 않는 음성 코덱({audio.get('codec_name', '알 수 없음')})입니다. {RE_EXPORT_HINT}")
    width = height = None
    if video is not None:
        width, height = int(video.get("width") or 0), int(video.get("height") or 0)
        if not (MIN_SIDE <= width <= MAX_WIDTH and MIN_SIDE <= height <= MAX_HEIGHT):
            raise InvalidSource(
                f"화면 크기({width}×{height})가 올바르지 않습니다. {MIN_SIDE}픽셀 이상, 8K(7680×4320) 이하만 변환할 수 있습니다."
            )
    return SourceInfo(
        duration=duration,
        width=width,
        height=height,
        fps=_frame_rate(video) if video else None,
        has_video=video is not None,
        has_audio=audio is not None,
    )
