"""Answering a survey: one response per person and item, enforced by the database, also concurrently."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from lms.surveys import selectors, services
from lms.surveys.models import SurveyAnswer, SurveyedKind, SurveyParticipation, SurveyResponse
from tests.factories import make_staff_in

from .conftest import PROGRAMME, SESSION, all_questions, complete, staff_in


@pytest.fixture
def learner(org, session_kind):
    person = make_staff_in(org.service, "2020001", "김응답")
    complete(person)
    return person


def test_a_completion_of_a_surveyed_kind_is_offered_and_answered(learner, org):
    [offer] = selectors.pending_surveys(user=learner)
    assert (offer.record.item_kind, offer.record.item_key) == (SESSION.key, "1")
    assert offer.question_set.questions.count() == 6
    choices = {1: 5, 2: 4, 3: 3, 4: 2, 5: 1, 6: 5}
    response = services.submit_survey(user=learner, kind=SESSION.key, key="1", choices=choices, comment=" 사례가 좋았습니다. ")
    response.refresh_from_db()
    assert (response.item_title, response.programme_key, response.department, response.comment) == (
        "감정노동 힐링 프로그램 1회차",
        PROGRAMME,
        org.service,  # 당시소속, from the completion record
        "사례가 좋았습니다.",
    )
    assert response.evaluation_year == timezone.localdate().year
    answers = list(SurveyAnswer.objects.filter(response=response).order_by("position").values_list("position", "choice"))
    assert answers == sorted(choices.items())
    assert SurveyParticipation.objects.filter(user=learner, item_kind=SESSION.key, item_key="1").count() == 1
    assert selectors.pending_surveys(user=learner) == []


def test_a_second_response_to_the_same_item_is_refused(learner):
    services.submit_survey(user=learner, kind=SESSION.key, key="1", choices=all_questions(5))
    with pytest.raises(services.AlreadyAnswered, match="이미 응답한 설문"):
        services.submit_survey(user=learner, kind=SESSION.key, key="1", choices=all_questions(1))
    assert SurveyResponse.objects.count() == 1 and SurveyAnswer.objects.filter(choice=1).count() == 0


def test_the_database_itself_refuses_a_second_participation(learner):
    SurveyParticipation.objects.create(user=learner, item_kind=SESSION.key, item_key="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyParticipation.objects.create(user=learner, item_kind=SESSION.key, item_key="1")


def test_a_re_completion_next_year_is_still_the_same_item(learner):
    services.submit_survey(user=learner, kind=SESSION.key, key="1", choices=all_questions(4))
    complete(learner, on=timezone.localdate() + dt.timedelta(days=366))
    assert selectors.pending_surveys(user=learner, today=timezone.localdate() + dt.timedelta(days=366)) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_store_one_response(org, session_kind):
    person = make_staff_in(org.service, "2020002", "동시응답")
    complete(person)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.submit_survey(user=person, kind=SESSION.key, key="1", choices=all_questions(5))
            outcomes.append("stored")
        except services.AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert SurveyParticipation.objects.count() == 1
    assert SurveyResponse.objects.count() == 1 and SurveyAnswer.objects.count() == 6


@pytest.mark.parametrize(
    "choices, message",
    [
        ({1: 5, 2: 5, 3: 5, 4: 5, 5: 5}, "6번 질문에 답해 주세요"),
        ({1: 5, 2: 5, 3: 9, 4: 5, 5: 5, 6: 5}, "3번 질문의 답은 매우만족부터 매우불만"),
        ({1: "매우만족", 2: 5, 3: 5, 4: 5, 5: 5, 6: 5}, "1번 질문에 답해 주세요"),
    ],
)
def test_incomplete_or_invalid_answers_are_refused_and_nothing_is_stored(learner, choices, message):
    with pytest.raises(ValidationError, match=message):
        services.submit_survey(user=learner, kind=SESSION.key, key="1", choices=choices)
    assert not SurveyParticipation.objects.exists() and not SurveyResponse.objects.exists()
    assert len(selectors.pending_surveys(user=learner)) == 1  # may still answer


def test_a_comment_over_the_limit_is_refused(learner):
    with pytest.raises(ValidationError, match="1,000자까지"):
        services.submit_survey(user=learner, kind=SESSION.key, key="1", choices=all_questions(5), comment="가" * 1001)
    assert not SurveyParticipation.objects.exists()


def test_only_completers_of_a_surveyed_kind_within_its_period_are_offered(org, session_kind):
    stranger = make_staff_in(org.service, "2020003", "미이수")
    with pytest.raises(ValidationError, match="응답할 수 있는 설문이 아닙니다"):
        services.submit_survey(user=stranger, kind=SESSION.key, key="1", choices=all_questions(5))

    late = make_staff_in(org.service, "2020004", "늦은응답")
    complete(late, key="2", on=timezone.localdate() - dt.timedelta(days=31))  # the period is 30 days
    complete(late, key="3", on=timezone.localdate() - dt.timedelta(days=30))
    assert [offer.record.item_key for offer in selectors.pending_surveys(user=late)] == ["3"]

    SurveyedKind.objects.filter(item_kind=SESSION.key).update(is_enabled=False)
    assert selectors.pending_surveys(user=late) == []
    with pytest.raises(ValidationError):
        services.submit_survey(user=late, kind=SESSION.key, key="3", choices=all_questions(5))


def test_offers_are_each_persons_own(org, session_kind):
    first, second = staff_in(org.water, 2, start=2021001)
    complete(first, key="5")
    assert [offer.record.user for offer in selectors.pending_surveys(user=first)] == [first]
    assert selectors.pending_surveys(user=second) == []
