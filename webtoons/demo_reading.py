"""Demo webtoon readers: the demo login and generated staff read episodes in order over the months, each
an episode read as the reader records it (the read event and the completion). Idempotent."""

import random
from datetime import timedelta

from django.utils import timezone

from lms.people.demo import demo_learner, generated_staff
from lms.records.models import LearningState

from .models import WebtoonEpisodePage
from .services import record_episode_read

SEED = 20180208
READERS = 30


def load(stdout):
    episodes = list(WebtoonEpisodePage.objects.live().order_by("episode_number", "path"))
    if not episodes or LearningState.objects.filter(page__in=[episode.pk for episode in episodes]).exists():
        return
    rng = random.Random(SEED)
    readers = [learner for learner in [demo_learner()] if learner] + generated_staff(READERS)
    now, read = timezone.now(), 0
    for position, reader in enumerate(readers):
        count = 5 if position == 0 else rng.randint(1, len(episodes))
        when = now - timedelta(days=rng.randint(120, 300))
        for episode in episodes[:count]:  # in order, a week or two apart
            record_episode_read(user=reader, episode=episode, now=when)
            when = min(when + timedelta(days=rng.randint(3, 14)), now - timedelta(hours=1))
            read += 1
    stdout.write(f"  웹툰 회차 읽음 {read}건({len(readers)}명)을 기록했습니다.")
