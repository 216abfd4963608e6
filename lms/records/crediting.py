"""How much time a learner is credited with: pure functions, no database.

The live paths (heartbeat, SCORM commit, reading confirmation) and `rebuild_learning_states` all run
`apply_beat` and `credit_time`, so states rebuilt from the event log are the states the live paths
produced.

One clock per learner (`Clock`, stored as records.LearnerClock): every credit of any content, every
video page, SCORM session and text lesson, is taken from one allowance.
- Time passing fills the allowance: (seconds since the learner's last credit) × rate × 1.1, where the
  rate is the beat's playback rate (at most 2.0) for a video and 1.0 for wall-clock time (SCORM,
  reading). Credits are taken out of it. So in any span of wall-clock time the learner is credited
  at most span × 2.0 × 1.1 plus what the allowance held at its start, wherever the beats come from:
  four videos beaten at once share the clock of one.
- The allowance banks at most GRACE_SECONDS: beats queued offline and sent later earn up to that much
  catch-up; a learner idle for a day has not saved a day.
- Wall-clock time measured by the server over a window (a SCORM session since its launch or its
  previous commit, a text since its opening) may fill the allowance up to that window × 1.1 for that
  one credit, so a SCO that commits once after 30 minutes is credited its 30 minutes; what is left
  over goes back down to the grace at once. Time the learner was credited elsewhere in the meantime
  has already been taken out of the same allowance.
- A brand-new clock starts with INITIAL_ALLOWANCE_SECONDS, so the first seconds before the first
  beat are not lost.

Videos: only ranges the player reports as played count, and each second of the video counts once
(the union of the played ranges). A seek produces no range, so skipping ahead earns nothing.
"""

from dataclasses import dataclass, replace
from datetime import datetime

MIN_RATE = 0.25
MAX_RATE = 2.0
RATE_TOLERANCE = 1.1  # timers, network jitter and player rounding
INITIAL_ALLOWANCE_SECONDS = 5.0
GRACE_SECONDS = 60.0  # the most a learner's clock banks
PRECISION = 3  # milliseconds


def merge_intervals(intervals):
    """Union of [start, end] ranges as a sorted list of disjoint ranges; touching ranges are joined."""
    merged = []
    for start, end in sorted((float(s), float(e)) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def total_length(intervals):
    return round(sum(end - start for start, end in intervals), PRECISION)


def subtract_intervals(intervals, covered):
    """Parts of the merged `intervals` not inside the merged `covered` ranges."""
    remaining = []
    for start, end in intervals:
        cursor = start
        for covered_start, covered_end in covered:
            if covered_end <= cursor or covered_start >= end:
                continue
            if covered_start > cursor:
                remaining.append([cursor, covered_start])
            cursor = max(cursor, covered_end)
        if cursor < end:
            remaining.append([cursor, end])
    return remaining


def take_seconds(intervals, seconds):
    """The first `seconds` of playback time out of the merged `intervals`, in video order."""
    taken = []
    for start, end in intervals:
        if seconds <= 0:
            break
        stop = min(end, start + seconds)
        taken.append([start, round(stop, PRECISION)])
        seconds -= stop - start
    return taken


@dataclass(frozen=True)
class Clock:
    """A learner's allowance of seconds that may still be credited, and when it was last used."""

    allowance: float
    last_credit_at: datetime | None


NEW_CLOCK = Clock(allowance=INITIAL_ALLOWANCE_SECONDS, last_credit_at=None)


def _available(clock, *, now, rate, window_start=None):
    """The allowance at `now`: what it held plus what the time since its last use earned."""
    since = clock.last_credit_at or window_start or now
    earned = max((now - since).total_seconds(), 0.0) * min(rate, MAX_RATE) * RATE_TOLERANCE
    cap = GRACE_SECONDS
    if window_start is not None:
        cap = max(cap, (now - window_start).total_seconds() * min(rate, MAX_RATE) * RATE_TOLERANCE)
    return min(clock.allowance + earned, cap)


def _spend(clock, *, available, seconds, now):
    return Clock(
        allowance=round(min(max(available - seconds, 0.0), GRACE_SECONDS), PRECISION),
        # A credit received earlier but stored later (two queue writers) must not rewind the clock,
        # or the next credit would be allowed the same seconds again.
        last_credit_at=max(now, clock.last_credit_at) if clock.last_credit_at else now,
    )


def credit_time(clock, *, seconds, since, now):
    """Credit up to `seconds` of wall-clock time the server measured since `since`.
    Returns (new clock, seconds credited)."""
    available = _available(clock, now=now, rate=1.0, window_start=min(since, now))
    credited = round(min(max(seconds, 0.0), available), PRECISION)
    return _spend(clock, available=available, seconds=credited, now=now), credited


@dataclass(frozen=True)
class Progress:
    watched_intervals: list
    verified_seconds: float
    last_position: float
    last_beat_at: datetime | None


NEW_PROGRESS = Progress(watched_intervals=[], verified_seconds=0.0, last_position=0.0, last_beat_at=None)


def apply_beat(progress, clock, *, intervals, rate, position, duration, now):
    """Return (new progress, new clock, ranges newly credited by this beat)."""
    available = _available(clock, now=now, rate=rate)
    played = merge_intervals([[max(0.0, s), min(e, duration)] for s, e in intervals])
    new = subtract_intervals(played, progress.watched_intervals)
    credited = take_seconds(new, available)
    watched = merge_intervals(progress.watched_intervals + credited)
    return (
        replace(
            progress,
            watched_intervals=watched,
            verified_seconds=total_length(watched),
            last_position=position,
            last_beat_at=max(now, progress.last_beat_at) if progress.last_beat_at else now,
        ),
        _spend(clock, available=available, seconds=total_length(credited), now=now),
        credited,
    )


def percent_of(seconds, duration):
    return round(min(100.0, seconds / duration * 100.0), 2) if duration else 0.0
