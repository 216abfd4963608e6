"""The commit endpoint on the content origin and the stored attempt: the launch token instead of a session,
Korean 400s, resume data, completion."""

import json
import re
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from courses.scorm.access import launch_token
from courses.scorm.models import ScormAttempt
from courses.scorm.views import NO_LAUNCH
from lms.people.models import User
from courses.scorm.selectors import launch_cmi
from lms.records.models import LearningEvent, LearningState
from tests.factories import home_page

from . import zips
from .conftest import commit_path, make_package, on_content_origin

pytestmark = pytest.mark.django_db


def launched(client, page):
    """The launch token the lesson's player hands out to the client's signed-in learner."""
    user_id = client.session.get("_auth_user_id")
    return launch_token(User.objects.get(pk=user_id), page) if user_id else ""


def commit(client, page, data, final=False, launch=None):
    """POST the way scorm-player.js does (form-encoded, also what sendBeacon sends) to the launch's commit
    URL on the content origin, in a launch the server issued unless `launch` says otherwise."""
    body = {"cmi": json.dumps(data) if not isinstance(data, str) else data, "final": "1" if final else "0"}
    token = launched(client, page) if launch is None else launch
    return on_content_origin(
        Client(), "post", commit_path(token or "none"), urlencode(body),
        content_type="application/x-www-form-urlencoded;charset=UTF-8",
    )


@pytest.fixture
def lesson(package_demo, lesson_factory):
    return lesson_factory(package_demo)


@pytest.fixture
def lesson_2004(lesson_factory):
    return lesson_factory(make_package(zips.package_2004(), title="2004 패키지"), title="2004 차시")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def test_commit_needs_a_launch_token(client, learner, lesson):
    for token in ["", "forged:token", launch_token(learner, lesson).replace(":", ";", 1)]:
        response = commit(client, lesson, {"cmi.core.lesson_status": "passed"}, launch=token)
        assert response.status_code == 403
        assert response.json()["error"] == NO_LAUNCH
    assert not ScormAttempt.objects.exists()


def test_the_lesson_hands_out_a_player_whose_token_commits_without_any_session(learner, lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    package = lesson_package(lesson)
    launch = client.get(reverse("scorm:launch", args=[package.pk]), {"page": lesson.pk})
    assert launch.status_code == 200
    player_url = unescape(re.search(r'<iframe[^>]* src="([^"]+)"', launch.content.decode()).group(1))
    assert player_url.startswith("http://scorm.testserver/launch/")
    anonymous = Client(enforce_csrf_checks=True)  # the content origin never sees the learner's cookies
    player = on_content_origin(anonymous, "get", urlsplit(player_url).path)
    assert player.status_code == 200
    config = json.loads(re.search(r'type="application/json">(.*?)</script>', player.content.decode(), re.S).group(1))
    response = on_content_origin(
        anonymous, "post", config["commitUrl"], urlencode({"cmi": json.dumps({"cmi.core.lesson_status": "incomplete"})}),
        content_type="application/x-www-form-urlencoded;charset=UTF-8",
    )
    assert response.status_code == 200 and response.json() == {"result": "true", "errorCode": 0}
    assert ScormAttempt.objects.get().lesson_status == "incomplete"
    assert ScormAttempt.objects.get().user == learner


def test_a_token_stands_for_its_own_learner_and_lesson_only(learner_client, learner, other_learner, lesson, lesson_2004):
    token = launch_token(learner, lesson)
    assert commit(learner_client, lesson, {"cmi.core.lesson_status": "passed"}, launch=token).status_code == 200
    assert not ScormAttempt.objects.filter(user=other_learner).exists()
    assert not ScormAttempt.objects.filter(page=lesson_2004).exists()


def test_a_deactivated_learner_or_a_changed_package_stops_the_launch(learner_client, learner, lesson, monkeypatch):
    token = launch_token(learner, lesson)
    learner.is_active = False
    learner.save()
    assert commit(learner_client, lesson, {"cmi.core.lesson_status": "passed"}, launch=token).status_code == 403
    learner.is_active = True
    learner.save()
    other = make_package(zips.package_12(), title="바뀐 패키지")
    monkeypatch.setattr("courses.scorm.selectors.package_of", lambda page: other)
    response = commit(learner_client, lesson, {"cmi.core.lesson_status": "passed"}, launch=token)
    assert response.status_code == 403 and response.json()["error"] == NO_LAUNCH
    assert not ScormAttempt.objects.exists()


def test_commit_refused_for_a_page_that_does_not_launch_a_package(learner_client, lesson_factory):
    plain = home_page().add_child(instance=Page(title="일반 쪽"))
    response = commit(learner_client, plain, {"cmi.core.lesson_status": "passed"})
    assert response.status_code == 403
    assert response.json()["error"] == NO_LAUNCH
    assert not LearningState.objects.exists()


def test_commit_and_launch_refused_when_the_page_says_the_user_may_not_learn_it(learner_client, lesson, monkeypatch):
    monkeypatch.setattr(Page, "can_learn", lambda page, user: False, raising=False)  # e.g. not enrolled
    response = commit(learner_client, lesson, {"cmi.core.lesson_status": "passed"})
    assert response.status_code == 403 and response.json()["error"] == NO_LAUNCH
    launch = learner_client.get(reverse("scorm:launch", args=[lesson_package(lesson).pk]), {"page": lesson.pk})
    assert launch.status_code == 403
    assert not ScormAttempt.objects.exists()


def test_commit_refused_for_an_unpublished_lesson(learner_client, package_demo, lesson_factory):
    draft = lesson_factory(package_demo, title="초안 차시", live=False)
    assert commit(learner_client, draft, {"cmi.core.lesson_status": "passed"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{broken", "CMI 데이터가 올바른 JSON이 아닙니다."),
        ({"cmi.core.lesson_status": "done"}, "학습 상태(lesson_status) 값이 올바르지 않습니다."),
        ({"cmi.core.score.raw": "팔십"}, "점수(score.raw) 값이 숫자가 아닙니다: 팔십"),
        ({"cmi.core.session_time": "10 minutes"}, "학습 시간 형식이 올바르지 않습니다: 10 minutes"),
        ({"cmi.suspend_data": "x" * 64_001}, "cmi.suspend_data 값이 너무 깁니다(최대 64,000자)."),
    ],
)
def test_invalid_commits_are_400_with_korean_messages_and_store_nothing(learner_client, lesson, data, message):
    response = commit(learner_client, lesson, data)
    assert response.status_code == 400
    assert response.json() == {"result": "false", "errorCode": 101, "error": message}
    assert not ScormAttempt.objects.exists()
    assert not LearningEvent.objects.exists()


def test_missing_cmi_and_oversized_body(learner_client, lesson, settings):
    response = on_content_origin(Client(), "post", commit_path(launched(learner_client, lesson)), {"final": "1"})
    assert response.status_code == 400 and response.json()["error"] == "저장할 CMI 데이터가 없습니다."
    settings.SCORM_MAX_COMMIT_BYTES = 1_000
    response = commit(learner_client, lesson, {"cmi.suspend_data": "x" * 2_000})
    assert response.status_code == 400 and response.json()["error"] == "저장할 학습 데이터가 너무 큽니다."
    assert not ScormAttempt.objects.exists()


def test_64000_character_suspend_data_survives_the_round_trip(learner_client, learner, lesson_2004):
    suspend_data = ("가나다라마바사아자차카타파하" * 5000)[:64_000]
    response = commit(learner_client, lesson_2004, {
        "cmi.suspend_data": suspend_data, "cmi.location": "slide-12", "cmi.exit": "suspend",
        "cmi.completion_status": "incomplete", "cmi.success_status": "unknown", "cmi.session_time": "PT5M",
        "cmi.total_time": "PT5M",
    })
    assert response.status_code == 200, response.content.decode()
    attempt = ScormAttempt.objects.get()
    attempt.refresh_from_db()
    assert len(attempt.suspend_data) == 64_000 and attempt.suspend_data == suspend_data
    values = launch_cmi(learner, lesson_2004, attempt.package)
    assert values["cmi.suspend_data"] == suspend_data
    assert values["cmi.location"] == "slide-12"
    assert values["cmi.entry"] == "resume"
    assert values["cmi.total_time"] == "PT0H5M0S"
    assert "cmi.session_time" not in values and "cmi.exit" not in values
    assert values["cmi.learner_id"] == "2024001" and values["cmi.learner_name"] == "김학습"


def test_first_launch_starts_ab_initio(learner, lesson):
    values = launch_cmi(learner, lesson, lesson_package(lesson))
    assert values["cmi.core.entry"] == "ab-initio"
    assert values["cmi.core.student_name"] == "김학습"
    assert values["cmi.core.total_time"] == "0000:00:00"


def lesson_package(page):
    from courses.scorm.selectors import package_of

    return package_of(page)


def test_passing_completes_the_lesson_once_and_a_relaunch_cannot_reset_it(learner_client, learner, lesson):
    assert commit(learner_client, lesson, {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "2"}
                  ).status_code == 200
    assert LearningState.objects.get(user=learner, page=lesson).completed_at is None

    assert commit(learner_client, lesson, {
        "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "100", "cmi.core.session_time": "00:03:00",
        "cmi.core.total_time": "00:03:00",
    }, final=True).status_code == 200
    state = LearningState.objects.get(user=learner, page=lesson)
    completed_at = state.completed_at
    assert completed_at is not None

    # the relaunched SCO writes "incomplete" and a worse score, as many SCOs do
    assert commit(learner_client, lesson, {"cmi.core.lesson_status": "incomplete", "cmi.core.score.raw": "0",
                                           "cmi.core.total_time": "00:01:00"}).status_code == 200
    attempt = ScormAttempt.objects.get()
    assert attempt.lesson_status == "passed"
    assert attempt.cmi["cmi.core.lesson_status"] == "passed"  # the next launch loads "passed"
    assert attempt.score_raw == 100
    assert attempt.total_seconds == 180
    assert launch_cmi(learner, lesson, attempt.package)["cmi.core.lesson_status"] == "passed"
    assert LearningState.objects.get(user=learner, page=lesson).completed_at == completed_at
    kinds = list(LearningEvent.objects.filter(user=learner, page=lesson).values_list("kind", flat=True))
    assert kinds.count("complete") == 1
    assert kinds.count("scorm_commit") == 3
    final = LearningEvent.objects.filter(kind="scorm_commit", data__final=True).get()
    assert final.data["lesson_status"] == "passed" and final.data["score_raw"] == 100


def test_failed_is_not_complete(learner_client, learner, lesson):
    commit(learner_client, lesson, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "33"})
    assert ScormAttempt.objects.get().completed_at is None
    assert LearningState.objects.get(user=learner, page=lesson).completed_at is None


def test_scorm_2004_completed_but_failed_is_not_complete_until_passed(learner_client, learner, lesson_2004):
    commit(learner_client, lesson_2004, {"cmi.completion_status": "completed", "cmi.success_status": "failed"})
    assert LearningState.objects.get(user=learner, page=lesson_2004).completed_at is None
    commit(learner_client, lesson_2004, {"cmi.completion_status": "completed", "cmi.success_status": "passed"})
    assert LearningState.objects.get(user=learner, page=lesson_2004).completed_at is not None
    commit(learner_client, lesson_2004, {"cmi.completion_status": "incomplete", "cmi.success_status": "failed"})
    attempt = ScormAttempt.objects.get()
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")


def test_each_learner_has_their_own_attempt(learner_client, other_learner, lesson):
    commit(learner_client, lesson, {"cmi.suspend_data": "mine", "cmi.core.lesson_status": "passed"})
    other = Client()
    other.force_login(other_learner)
    commit(other, lesson, {"cmi.suspend_data": "theirs"})
    assert launch_cmi(other_learner, lesson, lesson_package(lesson))["cmi.suspend_data"] == "theirs"
    assert ScormAttempt.objects.get(user=other_learner).completed_at is None


@pytest.fixture
def lesson_3_scos(lesson_factory):
    from . import vendor_packages

    return lesson_factory(make_package(vendor_packages.three_scos_12(), title="세 SCO"), title="세 SCO 차시")


def test_a_package_of_several_scos_keeps_each_scos_cmi_and_completes_when_all_are(learner_client, learner, lesson_3_scos):
    token = launched(learner_client, lesson_3_scos)

    def commit_sco(sco, data):
        body = urlencode({"cmi": json.dumps(data), "sco": sco})
        return on_content_origin(Client(), "post", commit_path(token), body,
                                 content_type="application/x-www-form-urlencoded;charset=UTF-8")

    assert commit_sco("unit-1", {"cmi.core.lesson_status": "completed", "cmi.suspend_data": "첫"}).status_code == 200
    assert commit_sco("unit-3", {"cmi.core.lesson_status": "passed", "cmi.suspend_data": "셋"}).status_code == 200
    assert not LearningState.objects.filter(page=lesson_3_scos, completed_at__isnull=False).exists()
    refused = commit_sco("", {"cmi.core.lesson_status": "passed"})
    assert refused.status_code == 400 and refused.json()["error"] == "이 패키지에 없는 SCO입니다."
    assert commit_sco("part-2", {"cmi.core.lesson_status": "passed"}).status_code == 400  # a grouping item
    assert commit_sco("unit-2", {"cmi.core.lesson_status": "incomplete"}).status_code == 200
    assert not LearningState.objects.filter(page=lesson_3_scos, completed_at__isnull=False).exists()
    assert commit_sco("unit-2", {"cmi.core.lesson_status": "completed"}).status_code == 200
    assert LearningState.objects.get(user=learner, page=lesson_3_scos).completed_at is not None
    assert LearningEvent.objects.filter(user=learner, page=lesson_3_scos, kind="complete").count() == 1
    package = lesson_package(lesson_3_scos)
    assert launch_cmi(learner, lesson_3_scos, package, "unit-3")["cmi.suspend_data"] == "셋"
    assert launch_cmi(learner, lesson_3_scos, package, "unit-1")["cmi.suspend_data"] == "첫"

    from .conftest import content_url

    read = on_content_origin(Client(), "get", content_url("sco_cmi", token=token, sco="unit-3"))
    assert read.status_code == 200 and read.json()["cmi.suspend_data"] == "셋"
    assert on_content_origin(Client(), "get", content_url("sco_cmi", token=token, sco="nope")).status_code == 404
    assert on_content_origin(Client(), "get", content_url("sco_cmi", token="forged", sco="unit-3")).status_code == 403


def test_the_scos_of_one_lesson_share_its_clock(learner_client, learner, lesson_3_scos, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from courses.scorm.models import ScormSession

    start = timezone.now()
    token = launch_token(learner, lesson_3_scos, now=start)
    for sco, minutes in (("unit-1", 5), ("unit-2", 10)):
        monkeypatch.setattr("django.utils.timezone.now", lambda minutes=minutes: start + timedelta(minutes=minutes))
        body = urlencode({"cmi": json.dumps({"cmi.core.lesson_status": "incomplete"}), "sco": sco})
        on_content_origin(Client(), "post", commit_path(token), body,
                          content_type="application/x-www-form-urlencoded;charset=UTF-8")
    # ten minutes since the launch, however many SCOs committed in it
    assert ScormSession.objects.get().credited_seconds == pytest.approx(600, abs=1)
