"""Anonymity by design: nothing leads from an answer to the person who gave it.

The schema is checked, not just today's views: from a response or an answer no chain of relations
reaches a user, a completion record or a participation; neither table has a time; keys are random, so
ordering by them does not give the answering order; and the admin has no listing of single answers.
"""

from django.apps import apps
from django.db import models

from lms.people.models import StaffProfile, User
from lms.records.models import CompletionRecord
from lms.surveys.models import SurveyAnswer, SurveyParticipation, SurveyResponse

from .conftest import SESSION, answered

ANSWER_MODELS = (SurveyResponse, SurveyAnswer)
PERSONAL_MODELS = {User, StaffProfile, CompletionRecord, SurveyParticipation}


def reachable(model, seen=None):
    """The models a query can reach from a response: every relation of the answer tables, and from any
    other table what its rows point to. (Backwards from a department reaches everyone in it, which is
    what the small-group rule is about, not a path to one person.)"""
    seen = set() if seen is None else seen
    if model not in seen:
        seen.add(model)
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model and (model in ANSWER_MODELS or field.concrete):
                reachable(field.related_model, seen)
    return seen


def test_no_relation_leads_from_an_answer_to_a_person():
    for model in ANSWER_MODELS:
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        assert related <= {SurveyResponse, SurveyAnswer, apps.get_model("people", "Department")}, model
    assert reachable(SurveyResponse) == {SurveyResponse, SurveyAnswer, apps.get_model("people", "Department")}
    assert not (reachable(SurveyResponse) & PERSONAL_MODELS)


def test_a_participation_leads_to_no_answer():
    related = {field.related_model for field in SurveyParticipation._meta.get_fields() if field.is_relation}
    assert related == {User}
    assert {field.name for field in SurveyParticipation._meta.concrete_fields} == {"id", "user", "item_kind", "item_key"}


def test_neither_side_has_a_time_to_join_on():
    for model in (SurveyParticipation, SurveyResponse, SurveyAnswer):
        kinds = {type(field) for field in model._meta.concrete_fields}
        assert not kinds & {models.DateTimeField, models.DateField, models.TimeField}, model


def test_keys_do_not_number_the_responses_in_answering_order(org, session_kind):
    people = [answered(org.service, 1, start=4000 + number, comment=str(number))[0] for number in range(8)]
    participations = SurveyParticipation.objects.order_by("pk").values_list("user_id", flat=True)
    assert list(participations) == [person.pk for person in people]  # participations are numbered in order …
    responses = SurveyResponse.objects.order_by("pk")
    assert all(response.pk.version == 4 for response in responses)  # … responses have random keys,
    # so ordering by them gives the answering order (the comments 0…7) once in 40,320 runs
    assert [response.comment for response in responses] != [str(number) for number in range(8)]
    # and so do their answers (sequential answer keys would number the responses through them)
    assert all(answer.pk.version == 4 for answer in SurveyAnswer.objects.all())


def test_responses_copy_nothing_personal(org, session_kind):
    [person] = answered(org.service, 1, start=4100, comment="좋았습니다")
    row = SurveyResponse.objects.values().get()
    assert set(row) == {
        "id", "item_kind", "item_key", "item_title", "programme_key", "evaluation_year", "department_id", "comment",
    }
    assert person.username not in str(row.values()) and person.name not in str(row.values())
    assert row["item_kind"] == SESSION.key


def test_the_admin_lists_no_single_answers(client, hr):
    client.force_login(hr)
    for url in ("/admin/snippets/surveys/surveyresponse/", "/admin/snippets/surveys/surveyparticipation/", "/admin/surveys/surveyresponse/"):
        assert client.get(url).status_code == 404, url
    assert not hr.has_perm("surveys.view_surveyresponse") and not hr.has_perm("surveys.change_surveyresponse")
