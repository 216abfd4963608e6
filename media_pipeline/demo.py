"""Demo videos: short clips from ffmpeg's test sources, sent through the real pipeline.

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


def make_clip(path: Path, *, size="320x180", seconds=2, rate=25, tone=440, colour=None, label=None) -> Path:
    """An H.264/AAC clip at `path` with a `tone` Hz sine: ffmpeg's test picture, or a plain `colour`
    background with `label` written on it in NanumGothic."""
    picture = f"color=c={colour}:" if colour else "testsrc2="
    picture += f"s={size}:r={rate}:d={seconds}"
    if label:
        text_file = path.with_suffix(".txt")
        text_file.write_text(label, encoding="utf-8")
        picture += f",drawtext=fontfile={FONT}:textfile={text_file}:fontcolor=white:fontsize=20:x=(w-tw)/2:y=(h-th)/2"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", f"sine=f={tone}:d={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
        check=True,
    )
    return path


def demo_video(folder: Path, name: str, title: str, *, description="", is_public=False, **clip) -> Video:
    """A Video registered like an editor's upload of a generated clip `name`.mp4 (the worker transcodes it).
    `clip` holds make_clip's options."""
    path = make_clip(folder / f"{name}.mp4", **clip)
    with path.open("rb") as handle:
        return create_video(title=title, description=description, is_public=is_public, source=File(handle, name=path.name))


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
