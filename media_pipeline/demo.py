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


def _make_clip(folder: Path, size: str, seconds: int, index: int) -> Path:
    path = folder / f"demo-{index}.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=s={size}:r=30:d={seconds}",
         "-f", "lavfi", "-i", f"sine=f={330 + 110 * index}:d={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-c:a", "aac", "-shortest", str(path)],
        check=True,
    )
    return path


def load(stdout):
    with tempfile.TemporaryDirectory(prefix="lms-demo-videos-") as folder:
        for index, (title, size, seconds, public, description) in enumerate(CLIPS):
            if Video.objects.filter(title=title).exists():
                continue
            clip = _make_clip(Path(folder), size, seconds, index)
            with clip.open("rb") as handle:
                video = create_video(
                    title=title, description=description, is_public=public, source=File(handle, name=f"{title}.mp4")
                )
            if index == 0:
                Caption.objects.create(video=video, file=ContentFile(CAPTION.encode(), name="ko.vtt"))
            stdout.write(f"  동영상 ‘{title}’ 등록, 변환 대기 (/videos/{video.pk}/)")
