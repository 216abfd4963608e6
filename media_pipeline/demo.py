"""Demo videos: clips generated with ffmpeg (a still picture with its title, a quiet tone), sent through the real pipeline.

The clips are registered like an editor's uploads; `make run`'s worker (`run_worker`) probes and
transcodes them, so a newcomer sees the status move from 대기 to 완료 in the admin.
"""

import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile

from .models import Caption, Video
from .services import create_video

FONT = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"
CLIPS = [
    # title, size, seconds, public, description
    ("민원 응대 첫인사 연습", "1280x720", 20, False, "첫인사와 경청 자세를 익히는 직원용 연습 영상(720p 원본)."),
    ("감정노동 스트레스 관리 안내", "1920x1080", 12, False, "1080p 원본에서 360p·720p·1080p 사다리가 만들어지는 예시."),
    ("캠페인: 따뜻한 말 한마디", "640x360", 15, True, "로그인 없이 볼 수 있는 공개 캠페인 영상."),
]
CAPTION = """WEBVTT

00:00:00.500 --> 00:00:04.000
안녕하세요, 서울시 민원서비스 학습터입니다.

00:00:04.500 --> 00:00:09.000
민원인을 맞이할 때는 먼저 눈을 맞추고 인사합니다.
"""


TONE_SECONDS = 10  # the tone is encoded once for this long and looped: AAC encoding is the costly part


def make_clip(path: Path, *, size="320x180", seconds=2, rate=25, tone=440, colour=None, label=None) -> Path:
    """An H.264/AAC clip at `path` with a quiet `tone` Hz sine: ffmpeg's test picture, or a plain `colour`
    background with `label` and the running time written on it in NanumGothic.

    Cheap at any length: a still picture at `rate` frames per second with `-preset ultrafast`, and a
    few seconds of tone encoded once and looped by stream copy (see docs/benchmarks.md)."""
    picture = f"color=c={colour}:" if colour else "testsrc2="
    picture += f"s={size}:r={rate}:d={seconds}"
    if label:
        text_file = path.with_suffix(".txt")
        text_file.write_text(label, encoding="utf-8")
        text = f"fontfile={FONT}:fontcolor=white:fontsize=20:x=(w-tw)/2"
        picture += f",drawtext={text}:textfile={text_file}:y=(h-th)/2-14"
        picture += f",drawtext={text}:text='%{{pts\\:hms}}':y=(h-th)/2+18"
    tone_file = path.with_suffix(".tone.m4a")
    _ffmpeg("-f", "lavfi", "-i", f"sine=f={tone}:d={min(seconds, TONE_SECONDS)}", "-af", "volume=0.1", "-c:a", "aac", str(tone_file))
    _ffmpeg(
        "-f", "lavfi", "-i", picture, "-stream_loop", "-1", "-i", str(tone_file), "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "copy", "-shortest", str(path),
    )
    tone_file.unlink()
    return path


def _ffmpeg(*arguments):
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *arguments], check=True)


def demo_video(folder: Path, name: str, title: str, *, description="", is_public=False, priority=0, **clip) -> Video:
    """A Video registered like an editor's upload of a generated clip `name`.mp4, its transcode queued
    for the worker with `priority` (higher first). `clip` holds make_clip's options.

    Its duration is the clip's own from the start, so the demo's learners can watch it before the
    worker has probed it (the probe then stores the same length)."""
    path = make_clip(folder / f"{name}.mp4", **clip)
    with path.open("rb") as handle:
        video = create_video(
            title=title, description=description, is_public=is_public, source=File(handle, name=path.name), priority=priority
        )
    video.duration = float(clip.get("seconds", 2))
    video.save(update_fields=["duration"])
    return video


def load(stdout):
    with tempfile.TemporaryDirectory(prefix="lms-demo-videos-") as folder:
        for index, (title, size, seconds, public, description) in enumerate(CLIPS):
            if Video.objects.filter(title=title).exists():
                continue
            video = demo_video(
                Path(folder), title, title, description=description, is_public=public,
                size=size, seconds=seconds, rate=30, tone=330 + 110 * index,
            )
            if index == 0:
                Caption.objects.create(video=video, file=ContentFile(CAPTION.encode(), name="ko.vtt"))
            stdout.write(f"  동영상 ‘{title}’ 등록, 변환 대기 (/videos/{video.pk}/)")
