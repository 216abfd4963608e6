"""Writes for surveys: a person's answers, stored apart from the fact that they answered."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from . import selectors
from .models import Satisfaction, SurveyAnswer, SurveyParticipation, SurveyResponse

COMMENT_LIMIT = 1000


class AlreadyAnswered(ValidationError):
    def __init__(self):
        super().__init__("이미 응답한 설문입니다. 한 항목에 한 번만 응답할 수 있습니다.")


def submit_survey(*, user, kind, key, choices, comment="", today=None):
    """Store `user`'s answers to the survey of the item (kind, key) they completed.

    `choices` maps each question's position (as in the question set) to a Satisfaction value; every
    question must be answered. One response per person and item, also under concurrent submissions:
    the participation's unique constraint lets one insert win and the others raise AlreadyAnswered.
    The response (store_survey_response) copies the item, its group, the 당시소속 department and the evaluation year from the
    completion record, and nothing that points back at the person.
    """
    offer = selectors.survey_offer(user=user, kind=kind, key=key, today=today)
    if offer is None:
        if selectors.has_answered(user=user, kind=kind, key=key):
            raise AlreadyAnswered()
        raise ValidationError("응답할 수 있는 설문이 아닙니다. 이수한 뒤 응답 기간 안에만 응답할 수 있습니다.")
    return store_survey_response(record=offer.record, question_set=offer.question_set, choices=choices, comment=comment)


def store_survey_response(*, record, question_set, choices, comment=""):
    """Store the answers of the person of a completion record, whoever asked them (the site's form
    through submit_survey, a paper form typed in later, the demo): once per person and item."""
    answers = _validated_choices(list(question_set.questions.all()), choices)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError(f"자유 의견은 {COMMENT_LIMIT:,}자까지 적을 수 있습니다.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                SurveyParticipation.objects.create(
                    user_id=record.user_id, item_kind=record.item_kind, item_key=record.item_key
                )
        except IntegrityError:
            raise AlreadyAnswered() from None
        response = SurveyResponse.objects.create(
            item_kind=record.item_kind,
            item_key=record.item_key,
            item_title=record.item_title,
            programme_key=record.item_group or f"{record.item_kind}:{record.item_key}",
            evaluation_year=record.evaluation_year,
            department_id=record.department_id,
            comment=comment,
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, position=position, question=text, choice=choice)
            for position, text, choice in answers
        )
    return response


def _validated_choices(questions, choices):
    """[(position, question text, choice)] for every question, or a Korean ValidationError."""
    answers = []
    for position, question in enumerate(questions, start=1):
        try:
            choice = int(choices.get(position))
        except (TypeError, ValueError):
            raise ValidationError(f"{position}번 질문에 답해 주세요.") from None
        if choice not in Satisfaction.values:
            raise ValidationError(f"{position}번 질문의 답은 매우만족부터 매우불만 가운데 하나여야 합니다.")
        answers.append((position, question.text, choice))
    return answers
