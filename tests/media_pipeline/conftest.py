import subprocess
from pathlib import Path

import pytest
from django.core.files import File

from media_pipeline import services
from media_pipeline.demo import make_clip


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args], check=True)


@pytest.fixture(scope="session")
def clips(tmp_path_factory, clip) -> dict[str, Path]:
    """Tiny generated sources: valid ones and every kind of bad input an editor may upload."""
    folder = tmp_path_factory.mktemp("clips")
    path = {name: folder / name for name in [
        "tall.mp4", "audio.m4a", "silent.mp4", "truncated.mp4", "text.mp4", "image.mp4",
        "empty.mp4", "zero.mp4", "ffv1.mp4",
    ]}
    path["clip.mp4"] = clip  # the shared 3-second 320×180 clip
    make_clip(path["tall.mp4"], size="1920x1080", seconds=1)
    ffmpeg("-f", "lavfi", "-i", "sine=f=330:d=2", "-c:a", "aac", str(path["audio.m4a"]))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", str(path["silent.mp4"]))
    path["truncated.mp4"].write_bytes(path["clip.mp4"].read_bytes()[: path["clip.mp4"].stat().st_size // 3])
    path["text.mp4"].write_text("민원 응대 교육 자료입니다.\n이것은 동영상이 아닙니다.\n", encoding="utf-8")
    image = folder / "image.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x64", "-frames:v", "1", str(image))
    path["image.mp4"].write_bytes(image.read_bytes())
    path["empty.mp4"].write_bytes(b"")
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x64:d=1", "-frames:v", "0", "-c:v", "libx264", str(path["zero.mp4"]))
    ffv1 = folder / "ffv1.mkv"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x64:d=1", "-c:v", "ffv1", str(ffv1))
    path["ffv1.mp4"].write_bytes(ffv1.read_bytes())
    return path


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Register a file as an editor's upload and run the pipeline (ImmediateBackend runs it inline)."""

    def make(path: Path, *, name: str | None = None, title: str = "민원 응대 기본 교육", **fields):
        with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
            video = services.create_video(title=title, source=File(handle, name=name or path.name), **fields)
        video.refresh_from_db()
        return video

    return make



def granted(url, video, user):
    """`url` with the playback grant a page showing `video` would give `user` (media_pipeline.grants)."""
    from django.utils.http import urlencode

    from media_pipeline import grants

    return f"{url}?{urlencode({'grant': grants.issue(video_id=video.pk, user=user)})}"
