"""Phone pages without rough edges (issue 19, point 5): what the screenshots at 360×740 showed broken,
each checked in Chromium by check_page (no sideways scroll, gutters kept, pills on one line, axe-core)."""

import pytest

from courses import services
from courses.models import TextLessonPage
from tests.browser import PHONE, check_page, new_page, sign_in
from tests.courses.conftest import Org, make_course, make_staff
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def test_the_course_page_keeps_status_pills_whole_beside_long_lesson_titles(chromium, live_server, transactional_db):
    learner = make_staff("2024001", "김민수", Org().team)
    course = make_course()
    for title in ("실습: 폭언 전화에 3단계로 대응하기", "반복·고질 민원 응대와 민원상담관 제도의 이해"):
        course.add_child(instance=TextLessonPage(title=title, body="<p>팀장에게 알립니다.</p>"))
    services.enrol(user=learner, course=course)
    page = new_page(chromium, viewport=PHONE)
    sign_in(page, live_server.url, learner.username, PASSWORD, course.url)
    pills = page.locator(".lesson-list .status")
    assert pills.count() == 2
    check_page(page)
    for index in range(2):
        assert pills.nth(index).bounding_box()["height"] < 30  # one line
    page.context.close()
