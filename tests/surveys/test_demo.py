"""The demo answers about 70 % of the completions of surveyed kinds, never for the demo logins, so the
results show groups above and below 5; loading it again changes nothing."""

import io

from django.utils import timezone

from lms.surveys import demo, selectors
from lms.surveys.models import SurveyParticipation, SurveyResponse
from tests.factories import make_staff_in

from .conftest import complete, staff_in


def test_demo_answers_most_completions_and_shows_small_and_large_groups(org, session_kind):
    for key, size, department in [("1", 16, org.service), ("2", 9, org.water), ("3", 3, org.planning)]:
        for person in staff_in(department, size, start=6000 + int(key) * 100):
            complete(person, key=key, title=f"힐링 {key}회차")
    demo_login = make_staff_in(org.service, "1000001", "김민원")
    complete(demo_login, key="1", title="힐링 1회차")
    out = io.StringIO()
    demo.load(out)
    stored = SurveyResponse.objects.count()
    assert 14 <= stored <= 25 and f"응답 {stored:,}건" in out.getvalue()
    assert not SurveyParticipation.objects.filter(user=demo_login).exists()
    assert len(selectors.pending_surveys(user=demo_login)) == 1
    cells = selectors.item_results(SurveyResponse.objects.filter(evaluation_year=timezone.localdate().year))
    assert any(cell.shown for cell in cells) and any(not cell.shown for cell in cells)
    assert {choice for cell in cells for question in cell.questions for choice, count in question.counts.items() if count} >= {4, 5}

    demo.load(io.StringIO())
    assert SurveyResponse.objects.count() == stored
