import io
import re

import pytest

from webtoons import demo
from webtoons.demo_content import EPISODES, MANUAL_EDITIONS
from webtoons.models import ManualPage, WebtoonEpisodePage, WebtoonSeriesPage



def test_the_series_has_sixteen_episodes_of_four_to_six_panels_with_dialogue():
    assert len(EPISODES) == 16
    for title, summary, _colours, panels in EPISODES:
        assert title and summary
        assert 4 <= len(panels) <= 6
        assert all(scene and dialogue for scene, dialogue in panels)


@pytest.mark.django_db
def test_demo_loads_published_episodes_with_text_alternatives_and_the_manual_twice_idempotently(monkeypatch):
    monkeypatch.setattr(demo, "EPISODES", EPISODES[:2])
    demo.load(io.StringIO())
    demo.load(io.StringIO())

    series = WebtoonSeriesPage.objects.get()
    assert series.show_in_menus and series.live and series.title == "웹툰"
    episodes = list(WebtoonEpisodePage.objects.child_of(series).live().order_by("episode_number"))
    assert [episode.episode_number for episode in episodes] == [1, 2]
    first = episodes[0]
    panels = list(first.panels.select_related("image"))
    assert len(panels) == len(EPISODES[0][3])
    assert all(panel.alt_text and panel.image.width == 800 for panel in panels)
    assert "너, 나 지금 무시하냐!" in first.transcript and "너, 나 지금 무시하냐!" in panels[0].alt_text

    manual = ManualPage.objects.get()
    assert manual.live and manual.show_in_menus
    editions = list(manual.editions.order_by("sort_order"))
    assert [(edition.name, edition.is_current) for edition in editions] == [
        (name, is_current) for name, _date, is_current, _chapters in MANUAL_EDITIONS
    ]
    pdfs = []
    for edition in editions:
        with edition.document.open_file() as document:
            pdfs.append(document.read())
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
    page_counts = [len(re.findall(rb"/Type /Page\b(?!s)", pdf)) for pdf in pdfs]
    assert page_counts[0] >= 2 and page_counts[1] > page_counts[0]  # the revised edition adds chapters


@pytest.mark.django_db
def test_demo_readers_read_episodes_in_order_over_the_months(monkeypatch):
    from django.utils import timezone

    from lms.people.models import Department, DepartmentKind
    from lms.records.models import LearningState
    from tests.courses.conftest import make_staff
    from webtoons import demo_reading

    monkeypatch.setattr(demo, "EPISODES", EPISODES[:6])
    team = Department.add_root(code="CSV-OPEN", name="열린민원실", kind=DepartmentKind.TEAM)
    demo_learner = make_staff("1000001", "김민원", team)
    for number in range(5):
        make_staff(f"20{number:05d}", f"직원{number}", team)
    demo.load(io.StringIO())
    demo_reading.load(io.StringIO())
    states = LearningState.objects.filter(page__in=WebtoonEpisodePage.objects.all())
    count = states.count()
    demo_reading.load(io.StringIO())  # idempotent
    assert states.count() == count

    mine = list(states.filter(user=demo_learner).order_by("completed_at"))
    assert [state.page.specific.episode_number for state in mine] == [1, 2, 3, 4, 5]  # read in order
    assert (mine[-1].completed_at - mine[0].completed_at).days >= 12  # over weeks, not at once
    assert mine[-1].completed_at < timezone.now()
    assert states.values("user").distinct().count() == 6
