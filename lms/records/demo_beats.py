"""The demo's viewers: a tracked video played the way the player reports it (used by the content apps' demos)."""

import uuid
from datetime import timedelta

from .beats import Beat
from .models import LearnerClock
from .services import HeartbeatInput, record_event, record_heartbeats

BEAT_SECONDS = 30  # how often the player reports what was played


def watch(user, page, *, segments, started):
    """Play `page`'s tracked video over `segments` (fractions of its length), a beat every BEAT_SECONDS
    of real time, through the batch heartbeat path: the wall-clock check credits it and reaching the
    page's threshold completes it. Returns when the viewer stopped."""
    duration = page.tracked_video.duration
    beats, now = [], started
    for start, end in segments:
        position, stop = start * duration, end * duration
        while position < stop:
            played = min(BEAT_SECONDS, stop - position)
            now += timedelta(seconds=played)
            beat = Beat(event_id=uuid.uuid4(), intervals=[[position, position + played]], rate=1.0, position=position + played)
            beats.append(HeartbeatInput(user.pk, page.pk, beat, duration, page.completion_threshold, now))
            position += played
    record_event(user=user, page=page, kind="view", now=started)
    record_heartbeats(beats)
    return now


def last_credit_at(user):
    """When the user's clock last credited anything: a viewer's history must go on from there, since
    the clock only moves forward (see crediting)."""
    return LearnerClock.objects.filter(user=user).values_list("last_credit_at", flat=True).first()
