from django.db import migrations

from lms.people.role_grants import granting

# The arisu plan §5 rates service on six items with the 5-point scale (매우만족 · 만족 · 보통 · 불만 ·
# 매우불만): ① 접수 시 응대 ② 약속 시간 준수 ③ 해결 만족 정도 ④ 이해하기 쉬운 설명 ⑤ 질문에 대한 대응
# ⑥ 다른 불편사항 처리, then asks what went well and what did not (잘한 점 및 부족한 점). The default set asks
# the same six of a course or a session, in that order.
DEFAULT_QUESTIONS = [
    "교육 신청과 안내는 친절하고 알기 쉬웠습니까?",
    "교육은 안내한 일정과 시간을 지켜 진행되었습니까?",
    "교육 내용에 전반적으로 만족하십니까?",
    "교육 내용은 이해하기 쉽게 설명되었습니까?",
    "질문이나 문의에 적절한 답을 받았습니까?",
    "교육 외에 궁금하거나 불편한 점도 잘 안내받았습니까?",
]
DEFAULT_NAME = "기본 만족도 질문지"
DEFAULT_KINDS = ["course", "offline_session"]  # e-learning courses and offline sessions (issue 15 point 9)

hr_grant, hr_revoke = granting(
    "인사 담당자",
    "surveys",
    [
        "add_questionset",
        "change_questionset",
        "delete_questionset",
        "view_questionset",
        "add_surveyedkind",
        "change_surveyedkind",
        "delete_surveyedkind",
        "view_surveyedkind",
        "view_all_survey_results",
    ],
)
manager_grant, manager_revoke = granting("부서 담당자", "surveys", ["view_survey_results"])


def create_default_set(apps, schema_editor):
    QuestionSet = apps.get_model("surveys", "QuestionSet")
    Question = apps.get_model("surveys", "Question")
    SurveyedKind = apps.get_model("surveys", "SurveyedKind")
    question_set, created = QuestionSet.objects.get_or_create(
        name=DEFAULT_NAME,
        defaults={
            "intro": "이수하신 교육에 대해 알려 주세요. 더 나은 교육을 만드는 데 씁니다.",
            "comment_prompt": "교육에서 좋았던 점과 아쉬운 점을 자유롭게 적어 주세요.",
        },
    )
    if created:
        Question.objects.bulk_create(
            Question(question_set=question_set, text=text, sort_order=order) for order, text in enumerate(DEFAULT_QUESTIONS)
        )
    for kind in DEFAULT_KINDS:
        SurveyedKind.objects.get_or_create(item_kind=kind, defaults={"question_set": question_set})


def grant(apps, schema_editor):
    hr_grant(apps, schema_editor)
    manager_grant(apps, schema_editor)


def revoke(apps, schema_editor):
    hr_revoke(apps, schema_editor)
    manager_revoke(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("people", "0003_roles")]

    operations = [
        migrations.RunPython(create_default_set, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
