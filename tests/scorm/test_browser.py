"""scorm-again in Chromium: the demo SCO resumes after a reload, completes, survives a tab close, passes
axe-core, and a hostile package cannot touch the platform with the learner's session."""

import json
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from courses.scorm.demo import demo_package
from courses.scorm.models import ScormAttempt
from courses.scorm.services import publish_package
from lms.records.models import LearningEvent, LearningState
from tests.browser import DESKTOP, PHONE, assert_accessible, inject_axe, new_page

from . import zips
from .conftest import make_package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVIL_PAGE = """<!DOCTYPE html><html lang="ko"><head><title>악성 SCO</title></head><body>
<pre id="results">running</pre>
<script>
(async function () {
  var results = {};
  function attempt(name, action) {
    try { results[name] = "leaked:" + String(action()).slice(0, 80); }
    catch (error) { results[name] = "blocked:" + error.name; }
  }
  attempt("parent_document", function () { return parent.document.title; });
  attempt("top_document", function () { return top.document.body.innerHTML; });
  attempt("parent_api", function () { return typeof parent.API.LMSSetValue; });
  attempt("cookie", function () { return document.cookie; });
  attempt("local_storage", function () { return localStorage.length; });
  async function tryFetch(name, url, options) {
    try {
      var response = await fetch(url, options);
      if (response.type === "opaque") { results[name] = "blocked:opaque"; return; }
      var text = await response.text();
      results[name] = "leaked:" + response.status + ":" + text.slice(0, 80);
    } catch (error) { results[name] = "blocked:" + error.name; }
  }
  await tryFetch("fetch_me", location.origin + "/me/", {credentials: "include"});
  await tryFetch("commit_post", location.origin + "/scorm/commit/PAGE_ID/", {
    method: "POST", credentials: "include", mode: "no-cors",
    headers: {"Content-Type": "application/x-www-form-urlencoded"},
    body: "cmi=" + encodeURIComponent(JSON.stringify({"cmi.core.lesson_status": "passed"})),
  });
  document.getElementById("results").textContent = JSON.stringify(results);
})();
</script></body></html>"""


def logged_in_page(chromium, live_server, user, viewport=DESKTOP):
    client = Client()
    client.force_login(user)
    page = new_page(chromium, viewport=viewport)
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": live_server.url},
    ])
    return page


def wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("시간 안에 조건을 만족하지 못했습니다.")


def launch_url(live_server, package, lesson):
    return f"{live_server.url}/scorm/{package.pk}/launch/?page={lesson.pk}"


def sco(page):
    return page.frame_locator("iframe[data-scorm-frame]")


def test_round_trip_resume_completion_and_final_commit(chromium, live_server, lesson_factory, learner):
    package = demo_package()
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner)
    page.goto(launch_url(live_server, package, lesson))
    content = sco(page)
    content.get_by_text("1 / 5쪽").wait_for()
    content.get_by_role("button", name="다음").click()
    content.get_by_role("button", name="다음").click()
    content.get_by_text("3 / 5쪽").wait_for()
    attempt = wait_for(lambda: ScormAttempt.objects.filter(user=learner, location="3").first())
    assert json.loads(attempt.suspend_data)["visited"] == [1, 2, 3]
    assert attempt.lesson_status == "incomplete"

    page.reload()  # resume: the SCO reads lesson_location and suspend_data right after LMSInitialize
    content = sco(page)
    content.get_by_text("3 / 5쪽").wait_for()
    content.get_by_role("button", name="다음").click()
    content.get_by_role("button", name="다음").click()
    content.get_by_text("5 / 5쪽").wait_for()
    content.get_by_label("아니다(X)").first.check()
    content.get_by_label("정중하게 중단을 요청하고 안내한다").check()
    content.get_by_role("group", name="3. 응대를 종료한 뒤에는").get_by_label("맞다(O)").check()
    content.get_by_role("button", name="제출하기").click()
    content.get_by_text("점수 100점으로 통과했습니다").wait_for()
    wait_for(lambda: LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists())
    attempt.refresh_from_db()
    assert (attempt.lesson_status, attempt.score_raw) == ("passed", 100)
    assert page.get_by_role("status").inner_text().startswith("학습 기록을 저장했습니다")

    page.reload()  # the relaunch sees "passed", answers restored from suspend_data, and keeps it
    content = sco(page)
    content.get_by_text("5 / 5쪽").wait_for()
    assert content.get_by_label("정중하게 중단을 요청하고 안내한다").is_checked()
    final_commits = LearningEvent.objects.filter(user=learner, page=lesson, kind="scorm_commit", data__final=True)
    wait_for(lambda: final_commits.count() == 2)  # one terminate commit per reload so far

    page.close(run_before_unload=True)  # closing the tab: the terminate commit goes out by sendBeacon
    wait_for(lambda: final_commits.count() == 3)
    attempt.refresh_from_db()
    assert attempt.lesson_status == "passed"
    assert LearningEvent.objects.filter(user=learner, page=lesson, kind="complete").count() == 1
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_launch_page_is_accessible(chromium, live_server, lesson_factory, learner, viewport):
    package = demo_package()
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner, viewport=viewport)
    page.goto(launch_url(live_server, package, lesson))
    sco(page).get_by_text("1 / 5쪽").wait_for()
    for frame in page.frames[1:]:  # axe in the parent asks axe in the (sandboxed) package frame
        inject_axe(frame)
    assert_accessible(page)
    # Closing sends the terminate commit by sendBeacon; let it land before the teardown flush (else a deadlock).
    page.close(run_before_unload=True)
    wait_for(lambda: LearningEvent.objects.filter(user=learner, page=lesson, kind="scorm_commit", data__final=True).exists())
    page.context.close()


def hostile_zip(page_id):
    return zips.build({
        "imsmanifest.xml": zips.MANIFEST_12.replace("content/start.html", "evil.html"),
        "evil.html": EVIL_PAGE.replace("PAGE_ID", str(page_id)),
        "other.html": zips.PAGE,
    })


def test_hostile_package_cannot_use_the_learners_session(chromium, live_server, lesson_factory, learner):
    evil = make_package(hostile_zip(0), title="악성 패키지")
    lesson = lesson_factory(evil, title="악성 차시")
    evil.package_file.save("evil.zip", ContentFile(hostile_zip(lesson.pk)))  # now aimed at its own lesson
    publish_package(evil)
    page = logged_in_page(chromium, live_server, learner)
    page.goto(launch_url(live_server, evil, lesson))
    results_text = sco(page).locator("#results")
    wait_for(lambda: results_text.inner_text() != "running")
    results = json.loads(results_text.inner_text())
    assert set(results) == {"parent_document", "top_document", "parent_api", "cookie", "local_storage",
                            "fetch_me", "commit_post"}
    assert {name: value for name, value in results.items() if not value.startswith("blocked:")} == {}
    assert not ScormAttempt.objects.filter(page=lesson).exists()  # the forged commit was refused
    assert not LearningState.objects.filter(page=lesson, completed_at__isnull=False).exists()
    page.context.close()
