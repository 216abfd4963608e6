import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from lms.people import roles
from lms.people.models import StaffProfile
from lms.records import registry, services
from lms.records.models import CompletionSource
from lms.surveys.models import QuestionSet, SurveyedKind
from tests.factories import make_department, make_staff_in

# A kind of completion registered only for these tests (offline sessions come from lms/programmes).
SESSION = registry.LearnableKind(key="survey_test_session", label="집합교육(시험)", source=CompletionSource.OFFLINE)
PROGRAMME = "survey_test_programme:1"


@pytest.fixture
def session_kind(db, monkeypatch):
    """The test kind, registered and surveyed with the default question set (the data migration's)."""
    monkeypatch.setitem(registry._kinds, SESSION.key, SESSION)
    SurveyedKind.objects.create(item_kind=SESSION.key, question_set=default_question_set(), open_days=30)
    return SESSION


def default_question_set():
    return QuestionSet.objects.get(name="기본 만족도 질문지")


class Org:
    """서울특별시 › 시민소통기획관 › {시민봉사담당관, 민원기획팀}, and 중부수도사업소 beside it."""

    def __init__(self):
        self.city = make_department("S-CITY", "서울특별시", kind="기관")
        self.bureau = make_department("S-BUR", "시민소통기획관", parent=self.city, kind="실국")
        self.service = make_department("S-SVC", "시민봉사담당관", parent=self.bureau)
        self.planning = make_department("S-PLN", "민원기획팀", parent=self.bureau, kind="팀")
        self.water = make_department("S-WTR", "중부수도사업소", parent=self.city, kind="사업소")


@pytest.fixture
def org(db):
    return Org()


def staff_in(department, count, *, start):
    """`count` members of staff in `department`, 직원번호 from `start`."""
    return [make_staff_in(department, str(start + offset), f"직원{start + offset}") for offset in range(count)]


def complete(person, *, key="1", title="감정노동 힐링 프로그램 1회차", on=None, group=PROGRAMME):
    record, _ = services.record_completion(
        user=person,
        kind=SESSION.key,
        key=key,
        title=title,
        completed_on=on or timezone.localdate(),
        hours="3",
        source=CompletionSource.OFFLINE,
        evidence={"model": "programmes.attendance", "pk": 1},
        group=group,
    )
    return record


def all_questions(choice):
    """Choices for every question of the default set (six questions)."""
    return {position: choice for position in range(1, default_question_set().questions.count() + 1)}


def make_role(user, role, *, managed=None):
    user.groups.add(Group.objects.get(name=role))
    if managed is not None:
        StaffProfile.objects.filter(user=user).update(managed_department=managed)
        user.refresh_from_db()
    return user


@pytest.fixture
def hr(org):
    return make_role(make_staff_in(org.city, "9100001", "박인사"), roles.HR)


def answered(department, count, *, start, key="1", title="감정노동 힐링 프로그램 1회차", group=PROGRAMME, choice=5, comment=""):
    """`count` new members of staff in `department` who completed the item and answered `choice` to
    every question; returns them."""
    from lms.surveys import services

    people = staff_in(department, count, start=start)
    for person in people:
        complete(person, key=key, title=title, group=group)
        services.submit_survey(user=person, kind=SESSION.key, key=key, choices=all_questions(choice), comment=comment)
    return people
