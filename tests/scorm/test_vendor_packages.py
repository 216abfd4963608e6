"""Packages shaped like the vendors' (vendor_packages.py) run end to end in Chromium: launch, work, close
the tab, relaunch, resume."""

import json

import pytest

from courses.scorm.models import ScormAttempt
from lms.records.models import LearningEvent, LearningState
from tests.browser import assert_accessible, inject_axe

from . import vendor_packages
from .browsing import launch_url, logged_in_page, player, relaunched, sco, wait_for
from .conftest import make_package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("scorm_content_origin")]


def answering_dialogs(page, accept=True):
    """Record every alert/confirm the SCO shows, answering as the learner would."""
    shown = []

    def answer(dialog):
        shown.append((dialog.type, dialog.message))
        dialog.accept() if accept else dialog.dismiss()

    page.on("dialog", answer)
    return shown


def final_commits(learner, lesson):
    return LearningEvent.objects.filter(user=learner, page=lesson, kind="scorm_commit", data__final=True)


def close_tab(page, learner, lesson):
    """Close the tab as the learner does; the player's terminate commit leaves by sendBeacon."""
    before = final_commits(learner, lesson).count()
    page.close(run_before_unload=True)
    wait_for(lambda: final_commits(learner, lesson).count() > before)


def test_a_storyline_like_package_from_a_zipped_folder(chromium, live_server, lesson_factory, learner):
    package = make_package(vendor_packages.storyline_like(), title="민원 응대 실습")
    assert package.is_ready, package.error_message
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner)
    dialogs = answering_dialogs(page)
    page.goto(launch_url(live_server, package, lesson))
    content = sco(page)
    # no <meta charset>: the server's UTF-8 makes its Korean readable, the XHR-loaded JSON and script ran
    content.get_by_role("heading", name="민원 응대 실습").wait_for()
    content.get_by_text("1 / 3 민원인 맞이하기").wait_for()
    content.get_by_text("문구를 불러왔습니다").wait_for()
    content.frame_locator("#slide-frame").get_by_text("슬라이드 1 본문 (위치 저장됨)").wait_for()
    content.get_by_role("button", name="다음 슬라이드").click()
    content.get_by_text("2 / 3 경청과 공감").wait_for()
    content.frame_locator("#slide-frame").get_by_text("슬라이드 2 본문 (위치 저장됨)").wait_for()
    attempt = wait_for(lambda: ScormAttempt.objects.filter(user=learner, suspend_data__contains='"slide":2').first())
    assert json.loads(attempt.suspend_data)["memo"] == "침착하게 끝까지 경청"  # the page's own literal, intact
    assert dialogs == []  # a first launch asks nothing

    close_tab(page, learner, lesson)
    attempt.refresh_from_db()
    assert (attempt.location, attempt.exit, attempt.lesson_status) == ("slide-2", "suspend", "incomplete")

    page = relaunched(page)
    dialogs = answering_dialogs(page)
    page.goto(launch_url(live_server, package, lesson))
    content = sco(page)
    content.get_by_text("2 / 3 경청과 공감").wait_for()
    content.get_by_text("저장된 메모: 침착하게 끝까지 경청").wait_for()
    assert dialogs == [("confirm", "지난번 학습하던 2번 슬라이드부터 이어서 학습하시겠습니까?")]
    content.get_by_role("button", name="다음 슬라이드").click()
    content.get_by_text("3 / 3 마무리 인사").wait_for()
    wait_for(lambda: LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists())
    close_tab(page, learner, lesson)
    attempt.refresh_from_db()
    assert attempt.lesson_status == "completed" and attempt.location == "slide-3"


def test_a_pipwerks_wrapper_finds_the_12_api_of_a_12_package(chromium, live_server, lesson_factory, learner):
    package = make_package(vendor_packages.pipwerks_like(), title="pipwerks 과정")
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner)
    dialogs = answering_dialogs(page)
    page.goto(launch_url(live_server, package, lesson))
    content = sco(page)
    content.get_by_text("찾은 API: SCORM 1.2").wait_for()  # no API_1484_11 beside it to take instead
    content.get_by_text("1번째 방문").wait_for()
    assert player(page).locator("html").evaluate("() => typeof window.API_1484_11") == "undefined"
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, location="1").exists())
    close_tab(page, learner, lesson)

    page = relaunched(page)
    dialogs = answering_dialogs(page)
    page.goto(launch_url(live_server, package, lesson))
    content = sco(page)
    content.get_by_text("2번째 방문").wait_for()  # resumed from lesson_location
    content.get_by_role("button", name="학습 완료").click()
    content.get_by_text("완료를 알렸습니다").wait_for()
    assert dialogs == [("alert", "학습을 마쳤습니다.")]
    wait_for(lambda: LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists())
    attempt = ScormAttempt.objects.get(user=learner)
    assert (attempt.lesson_status, attempt.score_raw) == ("passed", 90)
    close_tab(page, learner, lesson)


def test_a_2004_course_in_a_new_window_finds_the_api_through_its_opener(chromium, live_server, lesson_factory, learner):
    package = make_package(vendor_packages.new_window_2004(), title="새 창 과정")
    assert package.version == "2004"
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner)
    page.goto(launch_url(live_server, package, lesson))
    with page.expect_popup() as opened:
        sco(page).get_by_role("button", name="새 창에서 학습하기").click()
    course = opened.value
    course.get_by_text("처음 시작").wait_for()
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, location="unit-2").exists())
    course.close()
    close_tab(page, learner, lesson)

    page = relaunched(page)
    page.goto(launch_url(live_server, package, lesson))
    with page.expect_popup() as opened:
        sco(page).get_by_role("button", name="새 창에서 학습하기").click()
    course = opened.value
    course.get_by_text("이어서: unit-2").wait_for()
    course.get_by_role("button", name="이 단원 마치기").click()
    course.get_by_text("마쳤습니다").wait_for()
    wait_for(lambda: LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists())
    attempt = ScormAttempt.objects.get(user=learner)
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")
    course.close()
    page.close(run_before_unload=True)
    page.context.close()


def test_three_scos_with_a_table_of_contents_flow_choice_and_their_own_cmi(chromium, live_server, lesson_factory, learner):
    package = make_package(vendor_packages.three_scos_12(), title="악성민원 대응 과정")
    assert package.sco_ids == ["unit-1", "unit-2", "unit-3"]
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner)
    page.goto(launch_url(live_server, package, lesson))
    toc = player(page).get_by_role("navigation", name="학습 목차")
    toc.get_by_text("2부 실습").wait_for()  # the grouping item, with its two SCOs under it
    sco(page).get_by_text("1단원 이해하기: 1번째 학습").wait_for()
    for frame in page.frames[1:]:  # the table of contents passes axe-core too
        inject_axe(frame)
    assert_accessible(page)
    sco(page).get_by_role("button", name="1단원 이해하기 마치기").click()
    sco(page).get_by_text("1단원 이해하기 완료").wait_for()
    toc.get_by_role("button", name="1단원 이해하기 (완료)").wait_for()  # marked after the commit, no reload
    toc.get_by_role("button", name="다음 학습").click()  # flow
    sco(page).get_by_text("2단원 응대 연습: 1번째 학습").wait_for()
    toc.get_by_role("button", name="3단원 마무리").click()  # choice
    sco(page).get_by_text("3단원 마무리: 1번째 학습").wait_for()
    sco(page).get_by_role("button", name="3단원 마무리 마치기").click()
    sco(page).get_by_text("3단원 마무리 완료").wait_for()
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, sco="unit-3", completed_at__isnull=False).exists())
    assert not LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists()  # unit 2 is not done
    close_tab(page, learner, lesson)

    page = relaunched(page)
    page.goto(launch_url(live_server, package, lesson))
    sco(page).get_by_text("2단원 응대 연습: 2번째 학습").wait_for()  # it starts at the first SCO not complete
    toc = player(page).get_by_role("navigation", name="학습 목차")
    assert toc.get_by_role("button", name="1단원 이해하기 (완료)").is_visible()
    sco(page).get_by_role("button", name="2단원 응대 연습 마치기").click()
    wait_for(lambda: LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists())
    toc.get_by_role("button", name="이전 학습").click()
    sco(page).get_by_text("1단원 이해하기: 2번째 학습, 상태 completed").wait_for()  # its own CMI, kept
    assert {attempt.sco: attempt.suspend_data for attempt in ScormAttempt.objects.filter(user=learner)} == {
        "unit-1": "2", "unit-2": "2", "unit-3": "1",
    }
    close_tab(page, learner, lesson)


def test_a_2004_sco_moves_on_by_navigation_request(chromium, live_server, lesson_factory, learner):
    package = make_package(vendor_packages.navigation_requests_2004(), title="이동 요청 과정")
    lesson = lesson_factory(package)
    page = logged_in_page(chromium, live_server, learner)
    page.goto(launch_url(live_server, package, lesson))
    sco(page).get_by_role("button", name="다음 활동으로").click()  # adl.nav.request = continue, then Terminate
    sco(page).get_by_role("heading", name="둘째 활동").wait_for()
    sco(page).get_by_role("button", name="첫 활동으로 돌아가기").click()  # {target=first}choice
    sco(page).get_by_role("heading", name="첫 활동").wait_for()
    wait_for(lambda: LearningState.objects.filter(user=learner, page=lesson, completed_at__isnull=False).exists())
    assert set(ScormAttempt.objects.filter(user=learner, completed_at__isnull=False).values_list("sco", flat=True)) == {
        "first", "second",
    }
    close_tab(page, learner, lesson)
