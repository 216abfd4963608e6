"""scorm-again in Chromium: the demo SCO resumes after a reload, completes, survives a tab close, passes
axe-core, and a hostile package, on the content origin, cannot touch the platform or another learner's data."""

import json

import pytest

from courses.scorm.demo import demo_package
from courses.scorm.models import ScormAttempt
from lms.records.models import LearningEvent, LearningState
from tests.browser import DESKTOP, PHONE, assert_accessible, inject_axe

from . import zips
from .browsing import launch_url, logged_in_page, player, sco, wait_for
from .conftest import make_package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("scorm_content_origin")]

# Runs on the content origin, under the player, as any SCO does. PLATFORM is the lesson page's origin.
EVIL_PAGE = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>악성 SCO</title></head><body>
<pre id="results">running</pre>
<script>
(async function () {
  var results = {};
  function attempt(name, action) {
    try { results[name] = "leaked:" + String(action()).slice(0, 80); }
    catch (error) { results[name] = "blocked:" + error.name; }
  }
  attempt("top_document", function () { return top.document.body.innerHTML; });
  attempt("top_storage", function () { return top.localStorage.length; });
  attempt("top_scripts", function () { return typeof top.fetch; });
  results.cookie = document.cookie;
  results.player_shows_other_learner = parent.document.documentElement.outerHTML.indexOf("남의 비밀") !== -1;
  async function tryFetch(name, url, options) {
    try {
      var response = await fetch(url, options);
      if (response.type === "opaque") { results[name] = "blocked:opaque"; return; }
      var text = await response.text();
      results[name] = "answered:" + response.status + ":" + text.slice(0, 80);
    } catch (error) { results[name] = "blocked:" + error.name; }
  }
  await tryFetch("platform_me", "PLATFORM/me/", {credentials: "include"});
  await tryFetch("platform_logout", "PLATFORM/accounts/logout/", {method: "POST", credentials: "include", mode: "no-cors"});
  await tryFetch("content_me", "/me/", {credentials: "include"});
  var commitUrl = JSON.parse(parent.document.getElementById("scorm-player-config").textContent).commitUrl;
  var forged = commitUrl.replace(/launch\/(.)/, function (whole, first) { return "launch/" + (first === "a" ? "b" : "a"); });
  await tryFetch("forged_commit", forged, {
    method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"},
    body: "cmi=" + encodeURIComponent(JSON.stringify({"cmi.core.lesson_status": "passed"})),
  });
  document.getElementById("results").textContent = JSON.stringify(results);
})();
</script></body></html>"""


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
    assert player(page).get_by_role("status").inner_text().startswith("학습 기록을 저장했습니다")

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
    for frame in page.frames[1:]:  # axe in the lesson asks axe in the player's frame and the SCO's
        inject_axe(frame)
    assert_accessible(page)
    # Closing sends the terminate commit by sendBeacon; let it land before the teardown flush (else a deadlock).
    page.close(run_before_unload=True)
    wait_for(lambda: LearningEvent.objects.filter(user=learner, page=lesson, kind="scorm_commit", data__final=True).exists())
    page.context.close()


def hostile_zip(platform):
    return zips.build({
        "imsmanifest.xml": zips.MANIFEST_12.replace("content/start.html", "evil.html"),
        "evil.html": EVIL_PAGE.replace("PLATFORM", platform),
        "other.html": zips.PAGE,
    })


def test_a_hostile_sco_reaches_neither_the_platform_nor_another_learners_data(
    chromium, live_server, lesson_factory, learner, other_learner
):
    evil = make_package(hostile_zip(live_server.url), title="악성 패키지")
    lesson = lesson_factory(evil, title="악성 차시")
    ScormAttempt.objects.create(user=other_learner, page=lesson, package=evil, version="1.2",
                                cmi={"cmi.suspend_data": "남의 비밀"}, suspend_data="남의 비밀")
    page = logged_in_page(chromium, live_server, learner)
    page.goto(launch_url(live_server, evil, lesson))
    results_text = sco(page).locator("#results")
    wait_for(lambda: results_text.inner_text() != "running")
    results = json.loads(results_text.inner_text())
    assert results.pop("cookie") == ""  # the content origin has none, and the platform's stay on its host
    assert results.pop("player_shows_other_learner") is False
    assert results.pop("content_me").startswith("answered:404:")  # nothing of the platform answers there
    assert results.pop("forged_commit").startswith("answered:403:")
    assert {name: value for name, value in results.items() if not value.startswith("blocked:")} == {}
    assert set(results) == {"top_document", "top_storage", "top_scripts", "platform_me", "platform_logout"}
    assert not ScormAttempt.objects.filter(page=lesson, user=learner).exists()  # the forged commit was refused
    assert ScormAttempt.objects.get(user=other_learner).suspend_data == "남의 비밀"
    assert not LearningState.objects.filter(page=lesson, completed_at__isnull=False).exists()
    page.goto(f"{live_server.url}/me/")  # the no-cors logout carried no session: the learner is still in
    assert "/accounts/login/" not in page.url
    page.context.close()
