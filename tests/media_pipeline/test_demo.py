import pytest

from media_pipeline import demo
from media_pipeline.models import Video, VideoStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_videos_go_through_the_real_pipeline(settings, django_capture_on_commit_callbacks, monkeypatch):
    # Shorter clips than `make run` uses; the pipeline is the same.
    monkeypatch.setattr(demo, "CLIPS", [(title, "320x180", 2, public, text) for title, _, _, public, text in demo.CLIPS])
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(open("/dev/null", "w"))
    assert Video.objects.count() == 3
    assert set(Video.objects.values_list("status", flat=True)) == {VideoStatus.READY}
    assert Video.objects.filter(is_public=True).count() == 1
    assert Video.objects.get(title="민원 응대 첫인사 연습").captions.count() == 1

    demo.load(open("/dev/null", "w"))  # idempotent
    assert Video.objects.count() == 3
