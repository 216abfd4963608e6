"""Staff are offered the survey in 내 학습 and on the course page, and answer it on its own page."""

import pytest
from django.utils import timezone

from courses.models import CourseCompletion
from lms.records import services
from lms.records.models import CompletionSource
from lms.surveys.models import SurveyedKind, SurveyParticipation, SurveyResponse
from tests.courses.conftest import make_course
from tests.factories import make_staff_in

from .conftest import SESSION, complete, default_question_set

ANSWER_URL = f"/surveys/{SESSION.key}/1/"


@pytest.fixture
def learner(org, session_kind, client):
    person = make_staff_in(org.service, "2030001", "김설문")
    complete(person)
    client.force_login(person)
    return person


def answers(choice="5", **extra):
    return {**{f"q{position}": choice for position in range(1, 7)}, **extra}


def test_my_learning_offers_the_survey(client, learner):
    page = client.get("/my/learning/").content.decode()
    assert "만족도 조사 1건" in page and ANSWER_URL in page and "감정노동 힐링 프로그램 1회차" in page
    assert ANSWER_URL in client.get("/surveys/").content.decode()


def test_answering_on_the_survey_page(client, learner):
    form = client.get(ANSWER_URL)
    assert form.status_code == 200
    page = form.content.decode()
    assert page.count('type="radio"') == 6 * 5 and "매우불만" in page and "교육 신청과 안내는" in page
    response = client.post(ANSWER_URL, answers(comment="강의가 알찼습니다"), follow=True)
    assert response.redirect_chain[-1][0] == "/surveys/"
    assert "응답해 주셔서 감사합니다" in response.content.decode()
    assert SurveyResponse.objects.get().comment == "강의가 알찼습니다"
    assert "만족도 조사" not in client.get("/my/learning/").content.decode().split("배정된 과정")[0].split("인정 학습시간")[1]
    again = client.get(ANSWER_URL)
    assert again.status_code == 200 and "이미 응답한 설문입니다" in again.content.decode()
    assert "이미 응답한 설문입니다" in client.post(ANSWER_URL, answers("1")).content.decode()
    assert SurveyResponse.objects.count() == 1


def test_an_incomplete_form_keeps_what_was_chosen_and_says_what_is_missing(client, learner):
    data = answers()
    del data["q4"]
    response = client.post(ANSWER_URL, {**data, "comment": "의견"})
    page = response.content.decode()
    assert response.status_code == 200 and "답을 하나 골라 주세요." in page
    assert page.count("checked") == 5 and "의견</textarea>" in page
    assert not SurveyParticipation.objects.exists()


def test_a_survey_not_offered_is_not_found(client, org, session_kind):
    client.force_login(make_staff_in(org.service, "2030002", "미이수"))
    assert client.get(ANSWER_URL).status_code == 404
    assert client.post(ANSWER_URL, answers()).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_signed_out_visitors_are_sent_to_the_login(client):
    assert client.get("/surveys/").status_code == 302


def test_the_course_page_offers_its_survey_once_completed(client, org):
    SurveyedKind.objects.filter(item_kind="course").update(question_set=default_question_set(), is_enabled=True)
    course = make_course()
    person = make_staff_in(org.service, "2030003", "이수자")
    client.force_login(person)
    assert "만족도 조사" not in client.get(course.url).content.decode()
    CourseCompletion.objects.create(
        user=person, course=course, serial="T-0001", learner_name=person.name, course_title=course.title, hours=6,
        evaluation_year=timezone.localdate().year,
    )
    services.record_completion(
        user=person, kind="course", key=course.pk, title=course.title, completed_on=timezone.localdate(),
        hours=6, source=CompletionSource.ONLINE, evidence={}, page=course,
    )
    page = client.get(course.url).content.decode()
    assert "만족도 조사 1건" in page and f"/surveys/course/{course.pk}/" in page
