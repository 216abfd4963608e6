"""The waiting state of a lesson whose video is still being transcoded, in Chromium on a phone and a
desktop: readable, no sideways scrolling, no axe-core violation."""

import pytest

from courses import services
from courses.models import VideoLessonPage
from media_pipeline.models import VideoStatus
from tests.browser import DESKTOP, PHONE, check_page, new_page, sign_in
from tests.courses.conftest import Org, make_course, make_staff, make_video
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_lesson_waiting_for_its_video_is_clear_on_a_phone_and_a_desktop(chromium, live_server, transactional_db, viewport):
    learner = make_staff("2024001", "김민수", Org().team)
    course = make_course()
    services.enrol(user=learner, course=course)
    video = make_video(duration=738.0)
    video.status, video.progress = VideoStatus.TRANSCODING, 35
    video.save()
    lesson = VideoLessonPage(title="반복·고질 민원 사례", video=video)
    course.add_child(instance=lesson)
    page = new_page(chromium, viewport=viewport)
    sign_in(page, live_server.url, "2024001", PASSWORD, lesson.url)
    waiting = page.get_by_role("status").filter(has_text="영상을 준비하고 있습니다 (35%)")
    assert waiting.is_visible()
    assert "재생 시간 약 12분" in waiting.inner_text()
    box = waiting.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # off the screen edges
    check_page(page)
    page.get_by_role("link", name="다시 확인하기").click()
    page.wait_for_url(f"{live_server.url}{lesson.url}")
