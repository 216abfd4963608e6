"""The admin entirely in Korean (issue 19): every demo login walks its screens in Chromium (tests/e2e/walk.py:
its admin menu with submenus, the page editor with the scheduling dialog open, the video, SCORM and webtoon
episode forms, the roster import, the page and staff searches, and the learner pages), and no visible text,
placeholder, label read aloud, tooltip or tab title may be in English, but for the names in
walk.ALLOWED_ENGLISH (Wagtail, SCORM, HLS, CSV, XLSX, …)."""

import pytest

from lms.people.demo import DEMO_LOGINS
from tests.e2e.walk import english_phrases

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_detector_sees_wagtails_english_and_lets_names_and_codes_pass():
    assert english_phrases(["Search all pages…", "66 Pages", "Moderators approval에 제출", "Set schedule"]) == [
        "Search all pages…", "66 Pages", "Moderators approval에 제출", "Set schedule",
    ]
    assert english_phrases(["SCORM 패키지", "HLS 변환", "열린민원실 (CSV-OPEN)", "DISC로 보는 민원인 유형",
                            "Wagtail 8.0", "demo1000001@seoul.go.kr", "clip.mp4", "courses.coursepage"]) == []


def test_every_role_meets_only_korean(transactional_db, demo_walk):
    walked_roles = {visit.role for visit in demo_walk.visits}
    assert walked_roles == {role for role, _, _ in DEMO_LOGINS}
    admin_screens = {visit.url for visit in demo_walk.visits if visit.url.startswith("/admin/")}
    assert any("(게시 일정 대화 상자)" in url for url in admin_screens), "the scheduling dialog was not opened"
    assert {"/admin/people/roster-import/", "/admin/snippets/media_pipeline/video/add/",
            "/admin/snippets/scorm/scormpackage/add/"} <= admin_screens
    assert any(url.startswith("/admin/pages/add/webtoons/webtoonepisodepage/") for url in admin_screens)
    english = demo_walk.english()
    assert not english, "English on screen:\n" + "\n".join(f"{role} {url}: {phrase}" for role, url, phrase in english)


def test_no_form_field_runs_past_its_column(transactional_db, demo_walk):
    """A select sized to a long option overlapped the next filter on 부서별 이수율 (static/css/admin.css)."""
    overflowing = demo_walk.overflowing_fields()
    assert not overflowing, "\n".join(f"{role} {url}: {name}" for role, url, name in overflowing)
