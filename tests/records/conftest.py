import datetime as dt
import json
import os
import uuid

import pytest
from django.utils import timezone

from courses.campaigns.models import CampaignPage
from lms.people.models import User
from media_pipeline.models import Video, VideoStatus
from tests.factories import home_page

VIDEO_SECONDS = 600.0


class Clock:
    """Server time under the test's control (the heartbeat credits by wall-clock time)."""

    def __init__(self):
        self.current = timezone.now().replace(microsecond=0)

    def __call__(self):
        return self.current

    def advance(self, seconds):
        self.current += dt.timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit windows, cached pages and users of one test must not reach the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis on 127.0.0.1 (started by `make test`), under a key prefix of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import cache

    yield cache
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


def make_video(duration=VIDEO_SECONDS, title="응대 사례 영상"):
    return Video.objects.create(
        title=title, source="videos/sources/sample.mp4", status=VideoStatus.READY, duration=duration
    )


def make_video_page(video, *, title="폭언 대응 영상", threshold=90, live=True, **fields):
    """A real tracked-video page model (CampaignPage inherits TrackedVideoMixin) under the site root."""
    page = CampaignPage(title=title, intro="소개", video=video, completion_threshold=threshold, live=live, **fields)
    home_page().add_child(instance=page)
    return page


@pytest.fixture
def video():
    return make_video()


@pytest.fixture
def video_page(video):
    return make_video_page(video)


@pytest.fixture
def learner():
    return User.objects.create_user(username="2024001", password="pw-test-1234", name="김민원")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def beat_body(intervals, *, position=None, rate=1.0, event_id=None, **extra):
    body = {
        "event_id": str(event_id or uuid.uuid4()),
        "intervals": intervals,
        "rate": rate,
        "position": position if position is not None else (intervals[-1][1] if intervals else 0),
    }
    body.update(extra)
    return body


def post_beat(client, page, body, **headers):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(f"/records/heartbeat/{page.pk}/", raw, content_type="application/json", **headers)


def start(client, page):
    """The player's first beat when playback starts: nothing played yet, starts the clock."""
    response = post_beat(client, page, beat_body([]))
    assert response.status_code == 200, response.content
    return response


def progress_answer(response):
    """The heartbeat's answer without the beat token it carries after a fully checked beat."""
    answer = response.json()
    answer.pop("beat_token", None)
    return answer
