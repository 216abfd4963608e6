"""올해 다시 이수 reaches SCORM lessons: a fresh attempt lets the SCO start over and complete again."""

import pytest

from courses.scorm.models import ScormAttempt
from lms.records.models import LearningEvent, LearningState
from lms.records.services import restart_attempt

from .test_commit import commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(package_demo, lesson_factory):
    return lesson_factory(package_demo)


def test_a_restarted_lesson_starts_the_sco_over_and_completes_again(client, learner, lesson):
    client.force_login(learner)
    commit(client, lesson, {"cmi.core.lesson_status": "passed", "cmi.suspend_data": "slide=9"}, final=True)
    restart_attempt(user=learner, pages=[lesson])
    attempt = ScormAttempt.objects.get(user=learner, page=lesson)
    assert (attempt.lesson_status, attempt.suspend_data, attempt.completed_at, attempt.cmi) == ("", "", None, {})
    assert LearningState.objects.get(user=learner, page=lesson).completed_at is None

    commit(client, lesson, {"cmi.core.lesson_status": "incomplete"})
    assert LearningState.objects.get(user=learner, page=lesson).completed_at is None
    commit(client, lesson, {"cmi.core.lesson_status": "passed"}, final=True)
    assert LearningState.objects.get(user=learner, page=lesson).completed_at is not None
    assert LearningEvent.objects.filter(user=learner, page_id=lesson.pk, kind="complete").count() == 2
