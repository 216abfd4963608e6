"""HR edits the question sets and which kinds are surveyed; nobody else can."""

from django.contrib.auth.models import Group

from lms.people import roles
from lms.surveys.models import QuestionSet, SurveyedKind
from tests.factories import make_staff_in

from .conftest import SESSION, default_question_set

QUESTION_SETS = "/admin/snippets/surveys/questionset/"
KINDS = "/admin/snippets/surveys/surveyedkind/"


def inline(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "1", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, text in enumerate(rows):
        data.update({f"{prefix}-{index}-text": text, f"{prefix}-{index}-ORDER": str(index + 1), f"{prefix}-{index}-DELETE": "", f"{prefix}-{index}-id": ""})
    return data


def test_the_default_set_asks_the_plans_six_questions(db):
    questions = list(default_question_set().questions.values_list("text", flat=True))
    assert len(questions) == 6 and questions[3] == "교육 내용은 이해하기 쉽게 설명되었습니까?"
    assert set(SurveyedKind.objects.values_list("item_kind", flat=True)) == {"course", "offline_session"}


def test_hr_writes_a_question_set_and_surveys_a_kind_with_it(client, hr, session_kind):
    client.force_login(hr)
    assert client.get(f"{QUESTION_SETS}add/").status_code == 200
    response = client.post(
        f"{QUESTION_SETS}add/",
        {"name": "명사특강 질문지", "intro": "", "comment_prompt": "하고 싶은 말씀", **inline("questions", ["강의 주제가 유익했습니까?", "다시 듣고 싶습니까?"])},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question_set = QuestionSet.objects.get(name="명사특강 질문지")
    assert list(question_set.questions.values_list("text", flat=True)) == ["강의 주제가 유익했습니까?", "다시 듣고 싶습니까?"]

    form = client.get(f"{KINDS}add/").content.decode()
    assert f'value="{SESSION.key}"' in form and SESSION.label in form  # the registered kinds
    SurveyedKind.objects.filter(item_kind=SESSION.key).delete()
    response = client.post(f"{KINDS}add/", {"item_kind": SESSION.key, "question_set": question_set.pk, "is_enabled": "on", "open_days": "14"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SurveyedKind.objects.get(item_kind=SESSION.key).question_set == question_set
    refused = client.post(f"{KINDS}add/", {"item_kind": "no_such_kind", "question_set": question_set.pk, "open_days": "14"})
    assert refused.status_code == 200 and not SurveyedKind.objects.filter(item_kind="no_such_kind").exists()


def test_a_set_needs_a_question(client, hr):
    client.force_login(hr)
    response = client.post(f"{QUESTION_SETS}add/", {"name": "빈 질문지", "comment_prompt": "의견", **inline("questions", [])})
    assert response.status_code == 200 and not QuestionSet.objects.filter(name="빈 질문지").exists()


def test_editors_and_managers_cannot_edit_surveys(client, org):
    editor = make_staff_in(org.city, "9100008", "이편집")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    manager = make_staff_in(org.city, "9100009", "최담당")
    manager.groups.add(Group.objects.get(name=roles.DEPARTMENT_MANAGER))
    for user in (editor, manager):
        client.force_login(user)
        for url in (QUESTION_SETS, f"{QUESTION_SETS}add/", KINDS):
            assert client.get(url).status_code in {302, 403}, (user, url)
