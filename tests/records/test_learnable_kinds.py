"""Every learnable kind is registered by its app and writes its completion record, with the person's
department and rank on the day (당시소속, 당시직급), when a person completes an item of it."""

import pytest
from django.utils import timezone

from courses.campaigns.services import participate
from lms.records.models import CompletionRecord, LearningEvent
from lms.records.registry import learnable_kinds
from lms.records.services import mark_complete
from tests.factories import make_department, make_staff_in
from tests.knowledge_trip.factories import make_episode as make_trip_episode
from tests.knowledge_trip.factories import make_series_index
from tests.webtoons.factories import make_episode as make_webtoon_episode
from tests.webtoons.factories import make_manual, make_series
from webtoons.services import record_episode_read, record_manual_download

from .conftest import make_video, make_video_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    city = make_department("T-CITY", "서울특별시", kind="기관")
    return make_staff_in(make_department("T-CALL", "120다산콜재단", parent=city), "2020123", "박다산", rank="주무관")


def the_record(person, kind, page):
    record = CompletionRecord.objects.get(user=person, item_kind=kind)
    event = LearningEvent.objects.get(user=person, page_id=page.pk, kind="complete")
    assert (record.item_key, record.page_id, record.item_title) == (str(page.pk), page.pk, page.title)
    assert record.completed_on == timezone.localdate(event.created_at) and record.evaluation_year == record.completed_on.year
    assert (record.department.code, record.rank, record.source, record.hours) == ("T-CALL", "주무관", "online", 0)
    assert record.evidence == {"model": "records.learningevent", "pk": event.pk}
    return record


def test_every_online_kind_is_registered_with_a_label_and_source():
    kinds = {kind.key: kind for kind in learnable_kinds()}
    for key in ("course", "lesson", "knowledge_trip_episode", "webtoon_episode", "campaign", "manual"):
        assert kinds[key].source == "online" and kinds[key].label and kinds[key].group_label


def test_a_knowledge_trip_episode_watched_to_the_end(person):
    episode = make_trip_episode(make_series_index(), "악성민원 3분 정리")
    mark_complete(user=person, page=episode)
    assert the_record(person, "knowledge_trip_episode", episode).kind_label == "U-지식여행"


def test_a_campaign_taken_part_in(person):
    campaign = make_video_page(make_video(), title="존중받는 민원 문화")
    participate(user=person, campaign=campaign)
    participate(user=person, campaign=campaign)
    the_record(person, "campaign", campaign)
    assert CompletionRecord.objects.count() == 1


def test_a_webtoon_episode_read_to_the_last_panel(person):
    episode = make_webtoon_episode(make_series(), 1)
    record_episode_read(user=person, episode=episode)
    the_record(person, "webtoon_episode", episode)


def test_a_manual_downloaded_once_or_twice(person):
    manual = make_manual()
    edition = manual.current_edition()
    record_manual_download(user=person, edition=edition)
    record_manual_download(user=person, edition=edition)
    assert the_record(person, "manual", manual).item_title == "악성민원 대응매뉴얼"
    assert LearningEvent.objects.filter(user=person, kind="download").count() == 2
