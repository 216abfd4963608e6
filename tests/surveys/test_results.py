"""Results: satisfaction per question with its interval, and the small-group rule (fewer than 5 responses
are never shown, nor worked out from what is shown)."""

import pytest
from django.utils import timezone

from lms.surveys import selectors
from lms.surveys.models import SurveyResponse
from lms.surveys.stats import wilson_interval

from .conftest import PROGRAMME, SESSION, answered


def responses():
    return SurveyResponse.objects.filter(evaluation_year=timezone.localdate().year)


def test_satisfaction_is_the_share_of_very_satisfied_and_satisfied(org, session_kind):
    answered(org.service, 3, start=3000, choice=5)
    answered(org.service, 2, start=3100, choice=4)
    answered(org.water, 2, start=3200, choice=3)
    answered(org.water, 1, start=3300, choice=1)
    total = selectors.total_result(responses(), label="전체")
    assert total.shown and total.responses == 8
    assert len(total.questions) == 6
    first = total.questions[0]
    assert first.counts == {5: 3, 4: 2, 3: 2, 2: 0, 1: 1}
    assert first.share == 5 / 8
    assert first.interval == wilson_interval(5, 8)
    assert [label for label, _, _ in first.distribution] == ["매우만족", "만족", "보통", "불만", "매우불만"]


def test_groups_below_five_are_hidden(org, session_kind):
    answered(org.service, 4, start=3000)
    total = selectors.total_result(responses(), label="전체")
    assert not total.shown and total.hidden_reason == "응답 5명 미만"
    assert selectors.comments_of(responses(), total) == []
    [programme] = selectors.programme_results(responses())
    assert not programme.shown and programme.responses_display == "응답 5명 미만"
    assert programme.mean_share_display == "–"


def test_a_breakdown_hides_one_more_cell_when_the_hidden_ones_could_be_worked_out(org, session_kind):
    answered(org.service, 6, start=3000)
    answered(org.water, 7, start=3100)
    answered(org.planning, 2, start=3200)  # 15 in all: 15 − 6 − 7 would give 민원기획팀's 2 away
    cells = {cell.label: cell for cell in selectors.department_results(responses())}
    assert cells["민원기획팀"].hidden_reason == "응답 5명 미만"
    assert cells["시민봉사담당관"].hidden_reason == "작은 집단 보호를 위해 비공개"  # the smaller shown one
    assert cells["중부수도사업소"].shown and cells["중부수도사업소"].responses == 7


def test_programmes_hide_only_their_own_small_groups(org, session_kind):
    answered(org.service, 6, start=3000, key="1")
    answered(org.service, 2, start=3100, key="7", group="")  # a programme of its own, too small
    cells = {cell.responses: cell for cell in selectors.programme_results(responses())}
    assert not cells[2].shown and cells[6].shown  # no total of all programmes is shown to subtract from


def test_no_second_cell_is_hidden_when_the_hidden_ones_make_five(org, session_kind):
    answered(org.service, 6, start=3000)
    answered(org.water, 3, start=3100)
    answered(org.planning, 2, start=3200)
    cells = {cell.label: cell for cell in selectors.department_results(responses())}
    assert not cells["중부수도사업소"].shown and not cells["민원기획팀"].shown
    assert cells["시민봉사담당관"].shown


def test_sessions_of_a_programme_and_programmes(org, session_kind):
    answered(org.service, 5, start=3000, key="1", title="힐링 1회차")
    answered(org.water, 5, start=3100, key="2", title="힐링 2회차", choice=2)
    answered(org.water, 6, start=3200, key="9", title="런치특강", group="")  # an item of no programme
    programmes = {cell.key: cell for cell in selectors.programme_results(responses())}
    # no app names the programme: its sessions' titles say what it is
    assert programmes[PROGRAMME].responses == 10 and programmes[PROGRAMME].label == "힐링"
    assert programmes[f"{SESSION.key}:9"].label == "런치특강"
    assert programmes[PROGRAMME].mean_share == 0.5
    sessions = {cell.label: cell for cell in selectors.item_results(responses().filter(programme_key=PROGRAMME))}
    assert sessions["힐링 1회차"].questions[0].share == 1 and sessions["힐링 2회차"].questions[0].share == 0


def test_an_app_names_its_programmes_through_the_hook(org, session_kind):
    from wagtail import hooks

    answered(org.service, 5, start=3000)
    with hooks.register_temporarily(selectors.GROUP_TITLES_HOOK, lambda keys: {PROGRAMME: "감정노동 힐링 프로그램"}):
        [programme] = selectors.programme_results(responses())
    assert programme.label == "감정노동 힐링 프로그램"


def test_comments_only_for_groups_of_five_and_never_in_answering_order(org, session_kind):
    for number in range(8):
        answered(org.service, 1, start=3000 + number, comment=f"의견 {number}")
    answered(org.service, 1, start=3100)  # no comment
    total = selectors.total_result(responses(), label="전체")
    comments = selectors.comments_of(responses(), total)
    assert sorted(comments) == sorted(f"의견 {number}" for number in range(8))
    small = responses().filter(comment__in=["의견 0", "의견 1"])
    assert selectors.comments_of(small, selectors.total_result(small, label="전체")) == []


@pytest.mark.parametrize("count, shown", [(4, False), (5, True)])
def test_the_threshold_is_five(org, session_kind, count, shown):
    answered(org.service, count, start=3000)
    assert selectors.total_result(responses(), label="전체").shown is shown
