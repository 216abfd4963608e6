"""The demo's organisation-wide history: bulk page completions leave what mark_complete leaves, and the
history is realistic (each department at its own pace, spread through the year, nobody learning before
joining, the hand-made learners untouched)."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from lms.records import bulk, demo, services
from lms.records.models import CompletionRecord, EventKind, LearningEvent, LearningState
from tests.factories import make_department, make_membership, make_staff_in
from tests.knowledge_trip.factories import make_episode

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def team(db):
    return make_department("T-DIV", "민원여권과", parent=make_department())


def test_complete_pages_leaves_what_mark_complete_leaves(team, series_index):
    person = make_staff_in(team, "2019001")
    make_membership(person, team, valid_from=dt.date(2020, 1, 1))
    episode, other = make_episode(series_index, "1화"), make_episode(series_index, "2화")
    moment = at(dt.date(2026, 4, 2))
    assert bulk.complete_pages([bulk.PageCompletion(person, episode, "knowledge_trip_episode", moment)]) == 1

    event = LearningEvent.objects.get(user=person, page=episode)
    assert (event.kind, event.created_at) == (EventKind.COMPLETE, moment)
    state = LearningState.objects.get(user=person, page=episode)
    assert state.completed_at == moment and state.is_complete
    record = CompletionRecord.objects.get(user=person, item_key=str(episode.pk))
    assert (record.item_kind, record.completed_on, record.evaluation_year) == ("knowledge_trip_episode", dt.date(2026, 4, 2), 2026)
    assert record.evidence == {"model": "records.learningevent", "pk": event.pk} and record.department == team

    # What the services wrote stays: a page the person already has a state for is skipped, twice listed once.
    services.mark_complete(user=person, page=other, now=at(dt.date(2026, 5, 1)))
    again = [bulk.PageCompletion(person, page, "knowledge_trip_episode", at(dt.date(2026, 6, 1))) for page in (episode, other, other)]
    assert bulk.complete_pages(again) == 0
    assert LearningEvent.objects.filter(user=person, kind=EventKind.COMPLETE).count() == 2
    assert CompletionRecord.objects.get(user=person, item_key=str(other.pk)).completed_on == dt.date(2026, 5, 1)


def test_department_pace_is_fixed_per_department_and_year_and_varies_between_them():
    departments = [make_department(f"T-{n}", f"부서{n}") for n in range(30)]
    paces = [demo.department_pace(department, 2026) for department in departments]
    assert paces == [demo.department_pace(department, 2026) for department in departments]
    assert all(demo.LOWEST_PACE <= pace <= demo.HIGHEST_PACE for pace in paces)
    assert max(paces) - min(paces) > 0.3


def test_the_history_spreads_through_the_year_and_keeps_hand_made_learners(team, series_index, monkeypatch):
    today = dt.date(2026, 12, 2)
    monkeypatch.setattr(timezone, "localdate", lambda *args: today if not args else dt.datetime.date(timezone.localtime(*args)))
    episodes = [make_episode(series_index, f"{n}화") for n in range(1, 9)]
    staff = []
    for n in range(60):
        person = make_staff_in(team, f"2019{n:03d}")
        person.profile.active_from = dt.date(2026, 7, 1) if n == 0 else dt.date(2015, 3, 2)
        person.profile.save()
        make_membership(person, team, valid_from=person.profile.active_from)
        staff.append(person)
    hand_made = staff[1]
    services.mark_complete(user=hand_made, page=episodes[0], now=at(dt.date(2026, 3, 3)))

    demo.load(io.StringIO())

    records = CompletionRecord.objects.filter(item_kind="knowledge_trip_episode")
    assert list(records.filter(user=hand_made).values_list("item_key", flat=True)) == [str(episodes[0].pk)]
    assert not records.filter(user=staff[0], completed_on__lt=dt.date(2026, 7, 1)).exists()
    this_year = records.filter(evaluation_year=2026).exclude(user=hand_made)
    assert {record.completed_on.month for record in this_year} >= {3, 6, 9, 11}
    assert all(dt.date(2026, 2, 1) <= record.completed_on < today for record in this_year)
    assert records.filter(evaluation_year=2025).exists()
    # A series is watched in order: nobody has episode 3 without episodes 1 and 2.
    for person in staff[2:]:
        watched = {int(key) for key in records.filter(user=person).values_list("item_key", flat=True)}
        order = [episode.pk for episode in episodes]
        assert watched == set(order[: len(watched)])
    completed_states = LearningState.objects.filter(page__in=episodes, completed_at__isnull=False).count()
    assert completed_states == records.count()
