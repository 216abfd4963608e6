"""Demo U-지식여행 viewers: the demo login and generated staff watched episodes over the months since
they went live, through records' heartbeat path (a few stopped part-way). After the courses' demo, since
a learner's clock only moves forward: each viewer's watching goes on from their last credit.
Idempotent: a second run changes nothing."""

import random
from datetime import timedelta

from django.utils import timezone

from lms.people.demo import demo_learner, generated_staff
from lms.records.demo_beats import last_credit_at, watch
from lms.records.models import LearningState

from .models import KnowledgeTripEpisodePage

SEED = 20180208
VIEWERS = 40


def load(stdout):
    episodes = list(KnowledgeTripEpisodePage.objects.live().filter(video__duration__gt=0).order_by("go_live_at"))
    if not episodes or LearningState.objects.filter(page__in=[episode.pk for episode in episodes]).exists():
        return
    rng = random.Random(SEED)
    viewers = [learner for learner in [demo_learner()] if learner] + generated_staff(VIEWERS)
    now, watched = timezone.now(), 0
    for position, viewer in enumerate(viewers):
        chosen = episodes[::2] if position == 0 else sorted(rng.sample(episodes, rng.randint(2, 8)), key=lambda e: e.go_live_at)
        since = last_credit_at(viewer)
        for number, episode in enumerate(chosen):
            started = episode.go_live_at + timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 9))
            if since is not None:
                started = max(started, since + timedelta(hours=1))
            if started > now - timedelta(hours=1):
                break
            part_way = number == len(chosen) - 1 and position % 3 == 1
            since = watch(viewer, episode, segments=[(0, 0.5 if part_way else 1)], started=started)
            watched += 1
    stdout.write(f"  U-지식여행 시청 {watched}건({len(viewers)}명)을 기록했습니다.")
