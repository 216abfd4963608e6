import io
from pathlib import Path

import pytest
from django.utils import timezone

from courses.campaigns import demo as campaigns_demo
from courses.campaigns.models import CampaignPage
from courses.knowledge_trip import demo as knowledge_trip_demo
from courses.knowledge_trip.models import KnowledgeTripEpisodePage, KnowledgeTripIndexPage
from django_tasks_db.models import DBTaskResult

from media_pipeline.models import Video
from media_pipeline.probe import inspect_probe, probe_source

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "media"]}}


def test_the_demo_builds_the_series_and_the_campaigns_once(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DB_TASKS  # queued for the worker, as in `make run`, instead of transcoded at once
    for _ in range(2):  # idempotent
        with django_capture_on_commit_callbacks(execute=True):
            knowledge_trip_demo.load(io.StringIO())
            campaigns_demo.load(io.StringIO())

    index = KnowledgeTripIndexPage.objects.get()
    assert (index.title, index.show_in_menus, index.live) == ("U-지식여행", True, True)
    episodes = KnowledgeTripEpisodePage.objects.child_of(index)
    assert episodes.count() == 20
    assert episodes.filter(live=True).count() == 16
    scheduled = episodes.filter(live=False)
    assert scheduled.count() == 4
    assert all(episode.go_live_at > timezone.now() for episode in scheduled)
    assert all(episode.latest_revision.approved_go_live_at for episode in scheduled)  # the worker will publish them
    assert episodes.filter(live=True, go_live_at__gte=timezone.now() - timezone.timedelta(days=7)).count() == 3
    assert set(episodes.values_list("topic__name", flat=True)) == {
        "공직자 서비스 마인드", "시민과의 소통기법", "시민의 마음을 읽는 법",
    }

    campaigns = CampaignPage.objects.live()
    assert campaigns.count() == 8
    assert campaigns.filter(is_public=True).count() == 5
    assert all(campaign.posters.count() == 1 for campaign in campaigns)
    assert all(campaign.video.is_public == campaign.is_public for campaign in campaigns)
    assert campaigns.exclude(participation_label="").count() == 4
    poster = campaigns.first().posters.first().image
    assert (poster.width, poster.height) == (700, 990)

    # Every clip is a real upload waiting for the worker to probe and transcode it.
    assert Video.objects.count() == 28
    assert all(video.source.storage.exists(video.source.name) for video in Video.objects.all())


def test_the_demo_clips_have_real_lengths_and_the_newest_episodes_are_transcoded_first(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_trip_demo.load(io.StringIO())
        campaigns_demo.load(io.StringIO())
    episodes = KnowledgeTripEpisodePage.objects.order_by("-go_live_at").select_related("video")
    assert all(160 <= episode.video.duration <= 210 for episode in episodes)  # about three minutes
    assert len({episode.video.duration for episode in episodes}) > 10
    assert all(30 <= campaign.video.duration <= 120 for campaign in CampaignPage.objects.select_related("video"))
    sample = episodes.first().video
    probed = inspect_probe(probe_source(Path(sample.source.path)))  # the file itself is that long, with a tone
    assert abs(probed.duration - sample.duration) < 0.5 and probed.has_audio

    # One transcode per clip waits for the worker; it takes the newest live episodes first, the scheduled last.
    queued = list(DBTaskResult.objects.ready().filter(task_path="media_pipeline.tasks.transcode_video"))
    assert sorted(row.args_kwargs["args"][0] for row in queued) == sorted(Video.objects.values_list("pk", flat=True))
    newest_live = [episode.video_id for episode in episodes.filter(live=True)[: knowledge_trip_demo.FIRST_SEEN]]
    assert [row.args_kwargs["args"][0] for row in queued[: len(newest_live)]] == sorted(newest_live)
    scheduled = {episode.video_id for episode in episodes.filter(live=False)}
    assert {row.args_kwargs["args"][0] for row in queued[-len(scheduled):]} == scheduled


def test_demo_viewers_watch_episodes_over_the_months_through_the_heartbeat_path():
    from courses.knowledge_trip import demo_viewing
    from lms.people.models import Department, DepartmentKind
    from lms.records.models import LearningEvent, LearningState
    from tests.courses.conftest import make_staff

    team = Department.add_root(code="CSV-OPEN", name="열린민원실", kind=DepartmentKind.TEAM)
    demo_learner = make_staff("1000001", "김민원", team)
    for number in range(6):
        make_staff(f"20{number:05d}", f"직원{number}", team)
    knowledge_trip_demo.load(io.StringIO())
    demo_viewing.load(io.StringIO())
    episodes = KnowledgeTripEpisodePage.objects.live()
    states = LearningState.objects.filter(page__in=episodes)
    first = list(states)
    demo_viewing.load(io.StringIO())  # idempotent
    assert states.count() == len(first)

    mine = states.filter(user=demo_learner, completed_at__isnull=False)
    assert 6 <= mine.count() <= len(episodes[::2]) == 8  # every other one; the newest not before now
    assert len({state.completed_at.strftime("%Y-%m") for state in mine}) >= 2  # across months
    assert all(state.completed_at <= timezone.now() for state in states.exclude(completed_at=None))
    assert states.filter(completed_at__isnull=True, verified_percent__gt=40).exists()  # stopped part-way
    assert states.values("user").distinct().count() == 7
    # Credited by the same checks as the player's beats: progress events, the verified share.
    assert LearningEvent.objects.filter(user=demo_learner, kind="progress").count() >= 6 * mine.count()  # ≥ 160 s in 30 s beats
    assert all(state.verified_percent >= 90 for state in mine)
