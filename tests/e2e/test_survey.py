"""A member of staff answers the satisfaction survey of a session they attended, on a 360×740 phone:
내 학습 offers it, the form refuses an unanswered question and keeps the rest, the answer is stored
apart from who gave it. axe-core finds no violation on any page visited, and none scrolls sideways."""

import re

import pytest

from lms.surveys.models import SurveyAnswer, SurveyParticipation, SurveyResponse
from tests.browser import PHONE, check_page, new_page, sign_in
from tests.factories import PASSWORD, make_staff_in
from tests.surveys.conftest import SESSION, complete, org, session_kind  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def attended(transactional_db, org, session_kind):
    person = make_staff_in(org.service, "2040001", "박참석")
    complete(person, title="감정노동 힐링 프로그램 3회차")
    return person


def test_a_person_answers_the_survey_on_a_phone(chromium, live_server, attended, org):
    base = live_server.url
    page = new_page(chromium, viewport=PHONE)
    sign_in(page, base, attended.username, PASSWORD, "/my/learning/")
    panel = page.locator("section", has=page.get_by_role("heading", name="만족도 조사 1건"))
    assert panel.get_by_text("감정노동 힐링 프로그램 3회차", exact=True).is_visible()
    check_page(page)

    panel.get_by_role("link", name=re.compile(r"설문 응답하기\s*:\s*감정노동 힐링 프로그램 3회차")).click()
    page.wait_for_url(f"{base}/surveys/{SESSION.key}/1/")
    check_page(page)
    questions = page.get_by_role("group")
    assert questions.count() == 6
    for number in range(1, 6):  # the sixth is left unanswered
        questions.nth(number - 1).get_by_label("만족", exact=True).check()
    page.get_by_label("교육에서 좋았던 점과 아쉬운 점을 자유롭게 적어 주세요.").fill("사례 위주라 좋았습니다.")
    page.get_by_role("button", name="응답 제출").click()
    page.get_by_text("답을 하나 골라 주세요.").wait_for()
    assert not SurveyParticipation.objects.exists()
    assert questions.nth(0).get_by_label("만족", exact=True).is_checked()  # nothing chosen was lost
    check_page(page)

    questions.nth(5).get_by_label("매우만족").check()
    page.get_by_role("button", name="응답 제출").click()
    page.wait_for_url(f"{base}/surveys/")
    page.get_by_text("만족도 조사에 응답해 주셔서 감사합니다.").wait_for()
    assert page.get_by_text("지금 응답할 설문이 없습니다.").is_visible()
    check_page(page)

    assert SurveyParticipation.objects.filter(user=attended).count() == 1
    response = SurveyResponse.objects.get()
    assert (response.department_id, response.comment) == (org.service.pk, "사례 위주라 좋았습니다.")
    assert sorted(SurveyAnswer.objects.values_list("choice", flat=True)) == [4, 4, 4, 4, 4, 5]
    page.context.close()
