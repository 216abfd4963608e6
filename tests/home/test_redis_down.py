"""Redis unreachable: the site keeps working on the database (issue 14, point 6).

The settings are production's cache, sessions and beat queue (lms/settings/base.py built with REDIS_URL
set), pointed at a port where nothing listens, or at a server that accepts connections and never answers.
"""

import json
import runpy
import socket
import threading

import pytest
from django.core.cache import cache
from django.test import Client

from lms.people.models import User
from lms.records.models import LearningState
from courses import services as course_services
from tests.courses.conftest import Org, add_lessons, make_course, make_video
from tests.courses.conftest import make_staff as make_staff_in
from tests.factories import PASSWORD
from tests.records.conftest import beat_body, post_beat

pytestmark = pytest.mark.django_db


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_settings(monkeypatch, settings, redis_url):
    """CACHES, SESSION_ENGINE and RECORDS_BEAT_QUEUE exactly as lms/settings/base.py builds them for `redis_url`."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.delenv("RECORDS_BEAT_QUEUE", raising=False)
    built = runpy.run_path(str(settings.BASE_DIR / "lms" / "settings" / "base.py"))
    settings.CACHES = built["CACHES"]
    settings.SESSION_ENGINE = built["SESSION_ENGINE"]
    settings.RECORDS_BEAT_QUEUE = built["RECORDS_BEAT_QUEUE"]
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert settings.SESSION_ENGINE == "lms.home.sessions" and settings.RECORDS_BEAT_QUEUE


@pytest.fixture
def redis_down(monkeypatch, settings):
    production_settings(monkeypatch, settings, f"redis://127.0.0.1:{unused_port()}/3")


@pytest.fixture
def learner(db):
    return make_staff_in("2024001", "김민수", Org().team)


@pytest.fixture
def video_lesson(learner):
    course = make_course()
    course_services.enrol(user=learner, course=course)
    return add_lessons(course, video=make_video(duration=600.0))[-1]


def signed_in_client(learner):
    """Log in through the real form while Redis is down: the session lives in the database."""
    client = Client()
    response = client.post("/accounts/login/", {"username": learner.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/", response.content.decode()[:500]
    return client


def test_the_anonymous_home_page_and_the_login_page_render(redis_down, client):
    client.cookies["sessionid"] = "x" * 32  # a returning visitor's session cookie, long expired
    home = client.get("/")
    assert home.status_code == 200 and "서울시 민원서비스 학습터" in home.content.decode()
    login = client.get("/accounts/login/")
    assert login.status_code == 200 and "직원번호" in login.content.decode()


def test_someone_signed_in_before_redis_went_down_stays_signed_in(monkeypatch, settings, client, learner):
    client.force_login(learner)  # the session row is in the database, as the cached_db engine writes it
    production_settings(monkeypatch, settings, f"redis://127.0.0.1:{unused_port()}/3")
    home = client.get("/")
    assert home.status_code == 200 and "김민수님" in home.content.decode()


def test_logging_in_and_staying_signed_in_work_from_the_database(redis_down, learner):
    client = signed_in_client(learner)
    me = client.get("/me/")
    assert me.status_code == 200 and "김민수" in me.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302  # signed out: sent to the login page


def test_a_lesson_page_renders(redis_down, learner, video_lesson):
    client = signed_in_client(learner)
    response = client.get(video_lesson.url)
    assert response.status_code == 200 and video_lesson.title in response.content.decode()


def test_the_heartbeat_answers_503_in_korean_and_the_progress_comes_from_the_database(redis_down, learner, video_lesson):
    client = signed_in_client(learner)
    response = post_beat(client, video_lesson, beat_body([[0, 5]]))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "다시 보냅니다" in response.json()["error"]

    LearningState.objects.create(user=learner, page=video_lesson, verified_seconds=60, verified_percent=10.0)
    progress = client.get(f"/records/progress/{video_lesson.pk}/")
    assert progress.status_code == 200
    assert progress.json() == {"verified_percent": 10.0, "completed": False}


def test_without_the_beat_queue_the_heartbeat_also_answers_503(redis_down, settings, learner, video_lesson):
    """RECORDS_BEAT_QUEUE=0 with Redis: the rate limit counts in Redis, and cannot while it is down."""
    settings.RECORDS_BEAT_QUEUE = False
    client = signed_in_client(learner)
    response = post_beat(client, video_lesson, beat_body([[0, 5]]))
    assert response.status_code == 503 and "다시 보냅니다" in response.json()["error"]
    assert not LearningState.objects.filter(user=learner).exists()


def test_the_admin_dashboard_says_redis_is_unreachable(redis_down):
    admin = User.objects.create_superuser(username="9000001", password=PASSWORD, name="관리자")
    client = Client()
    assert client.post("/admin/login/", {"username": admin.username, "password": PASSWORD}).status_code == 302
    response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Redis에 연결할 수 없습니다" in html and "데이터베이스" in html


def test_the_dashboard_says_nothing_about_redis_when_it_answers(monkeypatch, settings, redis_cache_url):
    production_settings(monkeypatch, settings, redis_cache_url)
    admin = User.objects.create_superuser(username="9000001", password=PASSWORD, name="관리자")
    client = Client()
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "Redis에 연결할 수 없습니다" not in html


def test_a_session_ended_while_redis_was_unreachable_is_not_revived_for_long(monkeypatch, settings, redis_cache_url, learner):
    """Logging out while Redis is unreachable deletes the database row but cannot delete the cached copy;
    that copy must expire soon, not after the session's two weeks, or the old cookie signs in again."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    production_settings(monkeypatch, settings, redis_cache_url)
    client = signed_in_client(learner)
    session_key = client.cookies["sessionid"].value
    assert 0 < cache.ttl(KEY_PREFIX + session_key) <= 300
    assert settings.SESSION_COOKIE_AGE > 300  # the cookie itself still lasts as long as ever
    assert client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


@pytest.fixture
def redis_cache_url():
    import os

    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class SilentServer:
    """Accepts TCP connections and never answers: a Redis that hangs (or a machine behind a dead link).
    It drops each connection after HANG_SECONDS, so a client without timeouts fails instead of hanging."""

    HANG_SECONDS = 5

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Timer(self.HANG_SECONDS, connection.close).start()

    def close(self):
        self.socket.close()
        for connection in self.connections:
            connection.close()


def test_a_hung_redis_costs_one_short_timeout_then_is_skipped_for_a_while(monkeypatch, settings):
    server = SilentServer()
    try:
        production_settings(monkeypatch, settings, f"redis://127.0.0.1:{server.port}/3")
        client = Client()
        for _ in range(3):
            assert client.get("/").status_code == 200
        assert cache.get("anything") is None
        cache.set("anything", json.dumps([1]))
        # One connection timed out; every later cache call within the pause fails at once instead of waiting.
        assert len(server.connections) == 1
    finally:
        server.close()
