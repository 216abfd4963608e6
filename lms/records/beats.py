"""Validation of heartbeat bodies and the per-user beat rate limit.

A body is accepted whole or refused whole (400, Korean message, nothing stored):

    {"event_id": "<uuid>", "intervals": [[start, end], ...], "rate": 1.0, "position": 12.5, "duration": 600}

- `event_id`: a UUID chosen by the browser; the same id twice is stored once.
- `intervals`: at most MAX_INTERVALS ranges played since the previous beat, each a pair of finite numbers
  with 0 ≤ start ≤ end ≤ video length (+ DURATION_TOLERANCE, then clipped to the length).
- `rate`: the playback rate, MIN_RATE–MAX_RATE (0.25×–2×). Faster playback is refused outright.
- `position`: the current playback position, 0 ≤ position ≤ video length (+ tolerance).
- `duration` (optional): what the browser thinks the length is; informational, the server uses the
  Video's own duration.
"""

import json
import math
import uuid
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import timezone
from django_redis.cache import RedisCache

from .crediting import MAX_RATE, MIN_RATE, PRECISION

MAX_BODY_BYTES = 8192
MAX_INTERVALS = 50
# HLS segment boundaries and browser decoders report a length up to about a second off ffprobe's.
DURATION_TOLERANCE = 1.5

RATE_LIMIT_BEATS = 10
RATE_LIMIT_WINDOW_SECONDS = 10


class InvalidBeat(Exception):
    """Raised with a Korean message for the learner."""


@dataclass(frozen=True)
class Beat:
    event_id: uuid.UUID
    intervals: list
    rate: float
    position: float


def _number(value, message):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidBeat(message)
    return float(value)


def parse_beat(body: bytes, *, duration: float) -> Beat:
    if len(body) > MAX_BODY_BYTES:
        raise InvalidBeat("시청 기록 요청이 너무 큽니다.")
    try:
        # NaN/Infinity are not JSON; Python accepts them unless told otherwise.
        payload = json.loads(body, parse_constant=lambda name: float("nan"))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidBeat("시청 기록 형식이 올바르지 않습니다(JSON이 아닙니다).") from error
    if not isinstance(payload, dict):
        raise InvalidBeat("시청 기록 형식이 올바르지 않습니다.")

    try:
        event_id = uuid.UUID(str(payload.get("event_id", "")))
    except ValueError as error:
        raise InvalidBeat("시청 기록 식별자(event_id)가 올바르지 않습니다.") from error

    limit = duration + DURATION_TOLERANCE
    intervals = payload.get("intervals")
    if not isinstance(intervals, list):
        raise InvalidBeat("시청 구간(intervals)은 목록이어야 합니다.")
    if len(intervals) > MAX_INTERVALS:
        raise InvalidBeat(f"한 번에 보낼 수 있는 시청 구간은 {MAX_INTERVALS}개까지입니다.")
    cleaned = []
    for interval in intervals:
        if not isinstance(interval, list) or len(interval) != 2:
            raise InvalidBeat("시청 구간은 [시작, 끝] 두 숫자여야 합니다.")
        start = _number(interval[0], "시청 구간에 숫자가 아닌 값이 있습니다.")
        end = _number(interval[1], "시청 구간에 숫자가 아닌 값이 있습니다.")
        if start < 0 or end < 0:
            raise InvalidBeat("시청 구간에 음수 위치가 있습니다.")
        if end < start:
            raise InvalidBeat("시청 구간의 끝이 시작보다 앞섭니다.")
        if end > limit:
            raise InvalidBeat("시청 구간이 영상 길이를 넘습니다.")
        cleaned.append([round(min(start, duration), PRECISION), round(min(end, duration), PRECISION)])

    rate = _number(payload.get("rate"), "재생 속도(rate)가 올바르지 않습니다.")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise InvalidBeat(f"재생 속도는 {MIN_RATE}배에서 {MAX_RATE:g}배 사이여야 합니다.")

    position = _number(payload.get("position"), "재생 위치(position)가 올바르지 않습니다.")
    if position < 0 or position > limit:
        raise InvalidBeat("재생 위치가 영상 범위를 벗어났습니다.")

    if "duration" in payload and payload["duration"] is not None:
        client_duration = _number(payload["duration"], "영상 길이(duration)가 올바르지 않습니다.")
        if client_duration <= 0:
            raise InvalidBeat("영상 길이(duration)가 올바르지 않습니다.")

    return Beat(event_id=event_id, intervals=cleaned, rate=rate, position=round(min(position, duration), PRECISION))


def rate_limit_key(user_id):
    """The cache key counting the user's beats in the current fixed window (RATE_LIMIT_WINDOW_SECONDS)."""
    window = int(timezone.now().timestamp() // RATE_LIMIT_WINDOW_SECONDS)
    return f"records:beats:{user_id}:{window}"


RATE_LIMIT_KEY_SECONDS = RATE_LIMIT_WINDOW_SECONDS + 1  # a window's counter outlives it briefly, never piles up


def allow_beat(user_id) -> bool:
    """Fixed-window counter in the cache: at most RATE_LIMIT_BEATS beats per user per window.

    (With the beat queue on, beat_queue.enqueue counts in the same key as it queues the beat.)
    """
    return _count_in_window(rate_limit_key(user_id)) <= RATE_LIMIT_BEATS


def _count_in_window(key):
    ttl = RATE_LIMIT_KEY_SECONDS
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # Every beat passes here: INCR and EXPIRE in one pipelined round trip instead of the three
        # (ADD, EXISTS, INCR) that the portable cache API needs.
        full_key = backend.make_and_validate_key(key)
        client = backend.client.get_client(write=True)
        count, _ = client.pipeline(transaction=False).incr(full_key).expire(full_key, ttl).execute()
        return count
    backend.add(key, 0, ttl)
    try:
        return backend.incr(key)
    except ValueError:  # evicted between add and incr
        backend.add(key, 1, ttl)
        return 1
