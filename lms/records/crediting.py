"""How much of a video a learner is credited with: pure functions, no database.

The live heartbeat and `rebuild_learning_states` both run `apply_beat`, so a state rebuilt from the
event log is the state the heartbeat produced.

Rules:
- Only ranges the player reports as played count, and each second of the video counts once
  (the union of the played ranges). A seek produces no range, so skipping ahead earns nothing.
- Credit cannot outrun the clock: each beat adds (seconds since the previous beat) × min(rate, 2.0)
  × 1.1 to an allowance, and newly watched seconds are only credited while the allowance lasts.
  The allowance belongs to the (learner, page) pair, so two tabs share one clock, and hand-posted
  beats sent in quick succession add next to nothing. Beats queued offline and sent later still
  earn their credit, because the time that passed is banked in the allowance.
- The allowance never exceeds the video's length, and a brand-new state starts with a small grace
  allowance so the first seconds before the first beat are not lost.
"""

from dataclasses import dataclass, replace
from datetime import datetime

MIN_RATE = 0.25
MAX_RATE = 2.0
RATE_TOLERANCE = 1.1  # timers, network jitter and player rounding
INITIAL_ALLOWANCE_SECONDS = 5.0
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
class Progress:
    watched_intervals: list
    verified_seconds: float
    credit_allowance: float
    last_position: float
    last_beat_at: datetime | None


NEW_PROGRESS = Progress(
    watched_intervals=[],
    verified_seconds=0.0,
    credit_allowance=INITIAL_ALLOWANCE_SECONDS,
    last_position=0.0,
    last_beat_at=None,
)


def apply_beat(progress, *, intervals, rate, position, duration, now):
    """Return (new progress, ranges newly credited by this beat)."""
    elapsed = (now - progress.last_beat_at).total_seconds() if progress.last_beat_at else 0.0
    earned = max(elapsed, 0.0) * min(rate, MAX_RATE) * RATE_TOLERANCE
    allowance = min(progress.credit_allowance + earned, duration)

    played = merge_intervals([[max(0.0, s), min(e, duration)] for s, e in intervals])
    new = subtract_intervals(played, progress.watched_intervals)
    credited = take_seconds(new, allowance)
    watched = merge_intervals(progress.watched_intervals + credited)
    return (
        replace(
            progress,
            watched_intervals=watched,
            verified_seconds=total_length(watched),
            credit_allowance=round(max(allowance - total_length(credited), 0.0), PRECISION),
            last_position=position,
            # A beat received earlier but stored later (two queue writers) must not rewind the clock,
            # or the next beat would be allowed the same seconds again.
            last_beat_at=max(now, progress.last_beat_at) if progress.last_beat_at else now,
        ),
        credited,
    )


def percent_of(seconds, duration):
    return round(min(100.0, seconds / duration * 100.0), 2) if duration else 0.0
