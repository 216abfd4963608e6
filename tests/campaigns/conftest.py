import subprocess

import pytest
from django.core.files import File

from media_pipeline import services as media_services
from tests.knowledge_trip.conftest import series_index, staff, staff_client  # noqa: F401  (shared fixtures)
from tests.knowledge_trip.factories import make_campaign_index


@pytest.fixture
def campaign_index(db):
    return make_campaign_index()


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    """A 2-second 320×180 test clip with sound, like the demo's."""
    path = tmp_path_factory.mktemp("campaign-clips") / "campaign.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2", "-f", "lavfi", "-i", "sine=f=440:d=2",
         "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path)],
        check=True,
    )
    return path


@pytest.fixture
def transcoded_video(clip, django_capture_on_commit_callbacks):
    """A video really run through the pipeline (the immediate task backend transcodes it inline)."""

    def make(title="상호존중 캠페인 영상"):
        with clip.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
            video = media_services.create_video(title=title, source=File(handle, name="campaign.mp4"))
        video.refresh_from_db()
        assert video.is_playable, video.error_message
        return video

    return make
