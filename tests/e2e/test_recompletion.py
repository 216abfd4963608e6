"""In Chromium, on a phone: a course completed last year offers 올해 다시 이수, and 내 학습 shows the
completions of both years with their hours and sources; axe-core finds nothing on either page."""

import datetime as dt

import pytest
from django.utils import timezone

from courses import services
from lms.records.services import mark_complete
from lms.records.models import CompletionRecord
from tests.browser import DESKTOP, PHONE, check_page, new_page, sign_in
from tests.e2e.test_courses import course_content  # noqa: F401  (the fixture)
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def test_complete_again_and_my_learning_by_year(chromium, live_server, course_content, tmp_path):  # noqa: F811
    base, learner, course = live_server.url, course_content["learner"], course_content["course"]
    last_year = timezone.localdate().year - 1
    services.enrol(user=learner, course=course)
    services.write_course_completion(
        user=learner, course=course, now=timezone.make_aware(dt.datetime(last_year, 5, 20, 14, 0))
    )
    CompletionRecord.objects.create(
        user=learner, item_kind="offline_session", item_key="1", item_title="찾아가는 맞춤형 친절교육",
        completed_on=dt.date(last_year, 9, 3), evaluation_year=last_year, hours="3.5", source="offline",
    )

    page = new_page(chromium, viewport=PHONE)
    sign_in(page, base, "2024001", PASSWORD, course.url)
    page.get_by_text(f"{last_year}년에 이수한 과정입니다").wait_for()
    check_page(page)
    page.get_by_role("button", name="올해 다시 이수").click()
    page.get_by_text("올해 다시 이수를 시작했습니다").wait_for()
    assert page.get_by_role("button", name="올해 다시 이수").count() == 0
    check_page(page)

    mark_complete(user=learner, page=course_content["text"])  # this year's attempt: one lesson done

    page.goto(f"{base}/my/learning/")
    year_heading = page.get_by_role("heading", name=f"{last_year}년 · 인정 9.5시간 · 2건")
    year_heading.wait_for()
    assert page.get_by_text("찾아가는 맞춤형 친절교육").is_visible()
    # This year the course is progress with its lesson under it, not a lesson row at 0 hours.
    page.get_by_role("heading", name=f"{last_year + 1}년 · 인정 0시간 · 0건").wait_for()
    assert page.get_by_text("차시 1/3 이수").is_visible()
    page.get_by_text(f"이수한 차시 1개: {course.title}").click()
    assert page.get_by_text("폭언·욕설 민원 대응 3단계 ·").is_visible()
    check_page(page)
    page.screenshot(path=str(tmp_path / "my-learning-phone.png"), full_page=True)
    page.context.close()

    desktop = new_page(chromium, viewport=DESKTOP)
    sign_in(desktop, base, "2024001", PASSWORD, "/my/learning/")
    check_page(desktop)
    desktop.context.close()
