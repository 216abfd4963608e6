"""The beat queue: heartbeats answered at once and stored behind the answer, hundreds at a time.

With a Redis cache (settings.RECORDS_BEAT_QUEUE, on by default when REDIS_URL is set) the heartbeat
view checks and validates a beat as always, then hands it to `enqueue`: one Redis call counts it
against the user's rate limit and, if it is allowed, appends it to a Redis stream; the view answers
without waiting for the database. Writers (`manage.py write_beats`, which `run_worker` starts and
restarts on every worker machine) take up to MAX_BATCH beats at a time and store them with
services.record_heartbeats, the same code and transaction as the direct path: event log, crediting,
completion and hours. A transaction per handful of beats was what limited ingestion; one per
hundreds of beats costs a fraction of it per beat (docs/benchmarks.md).

What it trades, and how each is covered:
- The answer reports the progress as the writers last stored it (a Redis hash per page), one beat
  behind. After the last beat of a video the player asks `progress` again to announce completion.
- A queued beat is as durable as Redis: production runs Redis with appendonly (README).
- A writer that fails keeps its beats pending and retries them first; any writer claims the beats of
  a writer that died once they have waited CLAIM_IDLE_SECONDS. A beat carries its event id, so a beat
  stored twice is stored once. An entry that cannot be read is moved to the REJECTED stream, kept.
- `backlog()` tells how many beats wait, how old the oldest is and the last failure; the Wagtail
  dashboard shows it to administrators.

Without Redis (the embedded default, and tests unless they opt in) the view stores each beat itself.
"""

import hashlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError

from . import beat_tokens, beats, services

logger = logging.getLogger(__name__)

STREAM = "records:beat-queue"
REJECTED = "records:beat-queue:rejected"
LAST_FAILURE = "records:beat-queue:last-failure"
GROUP = "writers"
MAX_BATCH = 500
CLAIM_IDLE_SECONDS = 60
RETRY_SECONDS = 5
PROGRESS_SECONDS = 24 * 3600  # how long answers can report a learner's last stored progress

# Unless the beat token's epoch was revoked (count -1), count the beat in its rate-limit window; if
# allowed, queue it and return the last stored progress.
_ENQUEUE_SCRIPT = """
if ARGV[5] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[5] then return {-1, false} end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then return {count, false} end
redis.call('XADD', KEYS[2], '*', 'beat', ARGV[3])
return {count, redis.call('HGET', KEYS[3], ARGV[4])}
"""


def enabled():
    return settings.RECORDS_BEAT_QUEUE


def _client():
    return caches["default"].client.get_client(write=True)


def _key(name):
    # make_key without validate_key: these names are short ASCII, and validating costs more than making.
    return caches["default"].make_key(name)


def _progress_key(page_id):
    return _key(f"records:beat-progress:{page_id}")


_ENQUEUE_SHA = hashlib.sha1(_ENQUEUE_SCRIPT.encode()).hexdigest()
_thread = threading.local()


def _own_connection():
    """This thread's own connection to the cache's Redis, kept open between beats.

    Every beat makes one Redis call. Through the client, each call checks a connection out of the
    shared pool and back in under the pool's lock; with a gunicorn worker's threads contending for
    that lock, it cost more CPU than the call itself (in-process, 6 threads: 348 → 255 µs per beat).
    """
    pool = _client().connection_pool
    held = getattr(_thread, "held", None)
    if held is None or held[0] is not pool or held[1].pid != os.getpid():
        held = _thread.held = (pool, pool.connection_class(**pool.connection_kwargs))
    return held[1]


def _run_enqueue_script(keys, args):
    connection = _own_connection()
    try:
        return _call_script(connection, keys, args)
    except RedisConnectionError:  # e.g. Redis restarted since this thread's last beat; it reconnects
        return _call_script(connection, keys, args)


def _call_script(connection, keys, args):
    try:
        connection.send_command("EVALSHA", _ENQUEUE_SHA, len(keys), *keys, *args, check_health=False)
        return connection.read_response()
    except NoScriptError:  # a restarted or flushed Redis has forgotten the script; EVAL loads it again
        connection.send_command("EVAL", _ENQUEUE_SCRIPT, len(keys), *keys, *args, check_health=False)
        return connection.read_response()


@dataclass(frozen=True)
class Accepted:
    """What `enqueue` answers: whether the beat was queued, and the learner's last stored progress;
    or that the beat token it came with was revoked (nothing counted or queued)."""

    queued: bool
    verified_percent: float | None
    completed: bool
    revoked: bool = False


def enqueue(item, *, token_epoch=None):
    """Queue a validated services.HeartbeatInput unless its user is over the rate limit, or, for a beat
    that a beat token stood for (`token_epoch`), the user's tokens were revoked since."""
    count, progress = _run_enqueue_script(
        keys=[
            _key(beats.rate_limit_key(item.user_id)),
            _key(STREAM),
            _progress_key(item.page_id),
            _key(beat_tokens.epoch_key(item.user_id)),
        ],
        args=[
            beats.RATE_LIMIT_KEY_SECONDS,
            beats.RATE_LIMIT_BEATS,
            _encode(item),
            item.user_id,
            "" if token_epoch is None else str(token_epoch),
        ],
    )
    if count < 0:
        return Accepted(queued=False, verified_percent=None, completed=False, revoked=True)
    percent, completed = _decode_progress(progress)
    return Accepted(queued=count <= beats.RATE_LIMIT_BEATS, verified_percent=percent, completed=completed)


def _encode(item):
    beat = item.beat
    return json.dumps(
        [
            item.user_id,
            item.page_id,
            str(beat.event_id),
            beat.intervals,
            beat.rate,
            beat.position,
            item.duration,
            item.threshold,
            item.received_at.isoformat(),
        ]
    )


def _decode(raw):
    user_id, page_id, event_id, intervals, rate, position, duration, threshold, received_at = json.loads(raw)
    return services.HeartbeatInput(
        user_id=user_id,
        page_id=page_id,
        beat=beats.Beat(event_id=uuid.UUID(event_id), intervals=intervals, rate=rate, position=position),
        duration=duration,
        threshold=threshold,
        received_at=datetime.fromisoformat(received_at),
    )


def _encode_progress(state):
    return f"{state.verified_percent}:{int(state.completed_at is not None)}"


def _decode_progress(value):
    """(verified percent or None, completed) from the progress hash's value."""
    if not value:
        return None, False
    percent, completed = value.decode().split(":")
    return float(percent), completed == "1"


class Writer:
    """Stores queued beats: `write_batch` once, `run` until told to stop."""

    def __init__(self, name=None, *, max_batch=MAX_BATCH):
        self.name = name or f"{socket.gethostname()[:30]}-{os.getpid()}"
        self.max_batch = max_batch

    def write_batch(self, *, block_ms=None):
        """Store the next batch and return how many beats it held (0: none waited).

        The batch is this writer's own beats left by a failure, else beats a dead writer left, else
        new beats (waiting up to `block_ms` for some). If storing raises, the beats stay pending and
        the failure is recorded for `backlog`; the exception propagates.
        """
        client = _client()
        stream = _key(STREAM)
        try:
            client.xgroup_create(stream, GROUP, id="0", mkstream=True)
        except Exception as error:  # BUSYGROUP: it exists
            if "BUSYGROUP" not in str(error):
                raise
        entries = self._next_entries(client, stream, block_ms)
        if not entries:
            return 0
        items, unreadable = [], []
        for entry_id, fields in entries:
            if not fields:  # deleted from the stream after it was delivered: nothing to store
                continue
            try:
                items.append(_decode(fields[b"beat"]))
            except (KeyError, ValueError, TypeError):
                logger.error("읽을 수 없는 시청 기록을 따로 보관합니다: %r", fields)
                unreadable.append(fields)
        try:
            results = services.record_heartbeats(items) if items else []
        except Exception as error:
            failure = {"at": timezone.now().isoformat(), "writer": self.name, "message": str(error)[:500]}
            client.set(_key(LAST_FAILURE), json.dumps(failure, ensure_ascii=False))
            raise
        ids = [entry_id for entry_id, _ in entries]
        pipeline = client.pipeline(transaction=False)
        for fields in unreadable:
            pipeline.xadd(_key(REJECTED), fields)
        progress_keys = set()
        for state, _ in results:
            progress_keys.add(_progress_key(state.page_id))
            pipeline.hset(_progress_key(state.page_id), state.user_id, _encode_progress(state))
        for key in progress_keys:
            pipeline.expire(key, PROGRESS_SECONDS)
        pipeline.xack(stream, GROUP, *ids).xdel(stream, *ids).delete(_key(LAST_FAILURE))
        pipeline.execute()
        return len(items)

    def _next_entries(self, client, stream, block_ms):
        own = client.xreadgroup(GROUP, self.name, {stream: "0"}, count=self.max_batch)
        if own and own[0][1]:
            return own[0][1]
        _, claimed, *_ = client.xautoclaim(
            stream, GROUP, self.name, min_idle_time=CLAIM_IDLE_SECONDS * 1000, start_id="0-0", count=self.max_batch
        )
        if claimed:
            return claimed
        new = client.xreadgroup(GROUP, self.name, {stream: ">"}, count=self.max_batch, block=block_ms)
        return new[0][1] if new else []

    def run(self, *, gather_seconds=0.25, should_stop=lambda: False):
        """Write batches until `should_stop()`. Between batches that are not full it waits
        `gather_seconds`, so the next batch gathers the beats of that time into one transaction."""
        while not should_stop():
            started = time.monotonic()
            try:
                stored = self.write_batch(block_ms=1000)
            except Exception:
                logger.exception("시청 기록을 저장하지 못했습니다. %s초 뒤 다시 시도합니다.", RETRY_SECONDS)
                close_old_connections()  # a connection the failure broke is replaced on the next try
                time.sleep(RETRY_SECONDS)
                continue
            if stored < self.max_batch:
                time.sleep(max(0.0, gather_seconds - (time.monotonic() - started)))


@dataclass(frozen=True)
class Backlog:
    waiting: int  # beats queued and not yet stored
    oldest_seconds: float | None  # how long the oldest of them has waited
    rejected: int  # entries that could not be read, kept in the REJECTED stream
    last_failure: dict | None  # the last failed batch since the last stored one


def backlog(now=None):
    client = _client()
    waiting, oldest, rejected, failure = (
        client.pipeline(transaction=False)
        .xlen(_key(STREAM))
        .xrange(_key(STREAM), count=1)
        .xlen(_key(REJECTED))
        .get(_key(LAST_FAILURE))
        .execute()
    )
    oldest_seconds = None
    if oldest:
        queued_ms = int(oldest[0][0].split(b"-")[0])
        oldest_seconds = max(0.0, (now or timezone.now()).timestamp() - queued_ms / 1000)
    return Backlog(
        waiting=waiting,
        oldest_seconds=oldest_seconds,
        rejected=rejected,
        last_failure=json.loads(failure) if failure else None,
    )
