"""Beat tokens: later beats of a player skip the session and user reads, and nothing else changes."""

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from lms.records import beat_tokens
from lms.records.models import EventKind, LearningEvent, LearningState

from .conftest import beat_body, make_video, make_video_page, post_beat, start

pytestmark = pytest.mark.django_db


def first_beat(client, page):
    return start(client, page).json()["beat_token"]


def with_token(client, page, token, body):
    return post_beat(client, page, body, HTTP_X_BEAT_TOKEN=token)


@pytest.fixture
def no_session_or_user_reads(monkeypatch):
    """Fail the test if the request loads the session or the signed-in user."""

    def forbidden(*args, **kwargs):
        raise AssertionError("세션이나 사용자를 읽었습니다.")

    monkeypatch.setattr(import_module(settings.SESSION_ENGINE).SessionStore, "load", forbidden)
    monkeypatch.setattr("django.contrib.auth.get_user", forbidden)


def progress_events():
    return LearningEvent.objects.filter(kind=EventKind.PROGRESS)


def test_a_token_stands_for_the_checks_of_later_beats(learner_client, learner, video_page, clock, request):
    token = first_beat(learner_client, video_page)
    request.getfixturevalue("no_session_or_user_reads")
    clock.advance(15)
    response = with_token(learner_client, video_page, token, beat_body([[0, 15]]))
    assert response.status_code == 200, response.content
    assert "beat_token" not in response.json(), "a valid token is not renewed on every beat"
    assert response.json()["verified_percent"] == pytest.approx(2.5)
    assert LearningState.objects.get(user=learner, page=video_page).verified_seconds == 15
    assert progress_events().filter(user=learner).count() == 2


def test_an_expired_token_means_every_check_again_and_a_new_token(learner_client, learner, video_page, clock):
    token = first_beat(learner_client, video_page)
    clock.advance(beat_tokens.TOKEN_SECONDS)
    response = with_token(learner_client, video_page, token, beat_body([[0, 15]]))
    assert response.status_code == 200
    renewed = response.json()["beat_token"]
    assert renewed != token
    assert beat_tokens.holder(renewed, page_id=video_page.pk, session_key=learner_client.session.session_key, now=clock())[0] == learner.pk


def test_a_token_does_not_outlive_logging_out_in_the_same_browser(learner_client, video_page):
    token = first_beat(learner_client, video_page)
    learner_client.logout()
    response = with_token(learner_client, video_page, token, beat_body([]))
    assert response.status_code == 403 and "로그인" in response.json()["error"]
    assert progress_events().count() == 1


def test_a_token_works_only_with_the_session_it_was_issued_to(learner_client, learner, video_page, django_user_model):
    token = first_beat(learner_client, video_page)
    stranger = Client()
    assert with_token(stranger, video_page, token, beat_body([])).status_code == 403
    colleague = django_user_model.objects.create_user(username="2024002", password="x", name="이응대")
    other_browser = Client()
    other_browser.force_login(colleague)
    response = with_token(other_browser, video_page, token, beat_body([]))
    assert response.status_code == 200 and "beat_token" in response.json(), "checked in full as the colleague"
    assert progress_events().filter(user=learner).count() == 1
    assert progress_events().filter(user=colleague).count() == 1


def test_a_token_is_for_one_page_and_cannot_be_forged(learner_client, learner, video_page, clock):
    token = first_beat(learner_client, video_page)
    other_page = make_video_page(make_video(), title="다른 영상")
    response = with_token(learner_client, other_page, token, beat_body([]))
    assert "beat_token" in response.json(), "another page's token is not accepted: every check ran"

    user_id, page_id, expires_and_signature = token.split(":", 2)
    forged = f"{int(user_id) + 1}:{page_id}:{expires_and_signature}"
    assert beat_tokens.holder(forged, page_id=video_page.pk, session_key=learner_client.session.session_key, now=clock()) is None
    for bad in (forged, "", "쓰레기", token + "x"):
        response = with_token(learner_client, video_page, bad, beat_body([]))
        assert response.status_code == 200 and "beat_token" in response.json()
    assert not progress_events().exclude(user=learner).exists()


def test_with_a_token_bodies_rate_limit_csrf_and_publishing_still_apply(learner, video_page, clock, request):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    csrf = "c" * 32
    browser.cookies["csrftoken"] = csrf
    response = post_beat(browser, video_page, beat_body([]), HTTP_X_CSRFTOKEN=csrf)
    token = response.json()["beat_token"]
    request.getfixturevalue("no_session_or_user_reads")

    assert with_token(browser, video_page, token, beat_body([])).status_code == 403, "no CSRF header"
    refused = post_beat(browser, video_page, beat_body([[-1, 0]]), HTTP_X_CSRFTOKEN=csrf, HTTP_X_BEAT_TOKEN=token)
    assert refused.status_code == 400 and "음수" in refused.json()["error"]

    video_page.unpublish()
    gone = post_beat(browser, video_page, beat_body([]), HTTP_X_CSRFTOKEN=csrf, HTTP_X_BEAT_TOKEN=token)
    assert gone.status_code == 404
    assert progress_events().count() == 1


def test_the_rate_limit_counts_token_beats_as_the_users(learner_client, video_page, monkeypatch):
    from lms.records import beats

    monkeypatch.setattr(beats, "RATE_LIMIT_BEATS", 3)
    token = first_beat(learner_client, video_page)
    statuses = [with_token(learner_client, video_page, token, beat_body([])).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.fixture(params=["direct", "beat queue"])
def either_path(request, settings):
    """The token checked on the direct path (epoch read from the cache) and by the beat queue's script."""
    if request.param == "beat queue":
        request.getfixturevalue("redis_cache")
        settings.RECORDS_BEAT_QUEUE = True
    return request.param


def beats_recorded():
    from lms.records import beat_queue

    if beat_queue.enabled():  # queued beats count once a writer has stored them
        while beat_queue.Writer("test-writer").write_batch(block_ms=None):
            pass
    return progress_events().count()


def test_logging_out_revokes_the_token_even_when_the_old_cookie_is_replayed(either_path, learner_client, video_page, clock):
    token = first_beat(learner_client, video_page)
    old_cookie = learner_client.cookies[settings.SESSION_COOKIE_NAME].value
    learner_client.logout()
    learner_client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie  # what an attacker keeps
    clock.advance(15)
    response = with_token(learner_client, video_page, token, beat_body([[0, 15]]))
    assert response.status_code == 403 and "로그인" in response.json()["error"]
    assert beats_recorded() == 1


def test_deactivation_revokes_the_token_at_once(either_path, learner_client, learner, video_page, clock):
    token = first_beat(learner_client, video_page)
    learner.is_active = False
    learner.save()
    clock.advance(15)
    response = with_token(learner_client, video_page, token, beat_body([[0, 15]]))
    assert response.status_code == 403
    assert beats_recorded() == 1


def test_the_rosters_bulk_deactivation_revokes_the_token(learner_client, learner, video_page, clock):
    from lms.people.backends import forget_cached_users

    token = first_beat(learner_client, video_page)
    type(learner).objects.filter(pk=learner.pk).update(is_active=False)  # as roster._deactivate does
    forget_cached_users([learner.pk])
    assert with_token(learner_client, video_page, token, beat_body([])).status_code == 403


def test_a_revoked_token_in_a_browser_still_signed_in_is_renewed(either_path, learner, video_page):
    """Logging out on the phone revokes every token of the user; the desktop, still signed in, is
    checked in full once and carries on with a new token."""
    desktop, phone = Client(), Client()
    desktop.force_login(learner)
    phone.force_login(learner)
    token = first_beat(desktop, video_page)
    phone.logout()
    response = with_token(desktop, video_page, token, beat_body([]))
    assert response.status_code == 200 and response.json()["beat_token"] != token
    renewed = response.json()["beat_token"]
    assert "beat_token" not in with_token(desktop, video_page, renewed, beat_body([])).json()
