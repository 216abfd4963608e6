"""A Redis connection pool that stops trying a Redis that is down, for a few seconds at a time.

The cache (django-redis with IGNORE_EXCEPTIONS) turns a failed call into a miss, so pages still render
from the database. What remains is the wait: every cache call of every request would try to connect
again, and a Redis behind a dead link makes each try wait the connect timeout. After a connection
fails (refused, or timed out connecting or answering), connections to that server fail at once for
PAUSE_SECONDS; the first try after that finds out whether it is back. Used by settings.CACHES through
CONNECTION_POOL_CLASS; the beat queue's own connections (lms/records/beat_queue.py) share the pause,
since they are built from the pool's connection class.
"""

import functools
import logging
import time

from redis import ConnectionPool
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0
_down_until = {}  # server ("host:port" or socket path) -> time.monotonic() until which it is not tried


def is_paused(server):
    return time.monotonic() < _down_until.get(server, 0.0)


def _pause(server, error):
    if not is_paused(server):
        logger.warning("Redis(%s)에 연결할 수 없습니다. %.0f초 동안 캐시 없이 데이터베이스로 응답합니다: %s", server, PAUSE_SECONDS, error)
    _down_until[server] = time.monotonic() + PAUSE_SECONDS


class _FailFast:
    """Mixed into the pool's connection class (plain, SSL or Unix socket)."""

    def connect_check_health(self, *args, **kwargs):
        if getattr(self, "_sock", None):
            return
        server = self._host_error()
        if is_paused(server):
            raise RedisConnectionError(f"Redis({server})가 조금 전 응답하지 않아 잠시 건너뜁니다.")
        try:
            super().connect_check_health(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            _pause(server, error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except RedisTimeoutError as error:  # connected, but it does not answer: hung or overloaded
            _pause(self._host_error(), error)
            raise


@functools.cache
def _fail_fast(connection_class):
    return type(f"FailFast{connection_class.__name__}", (_FailFast, connection_class), {})


class FailFastConnectionPool(ConnectionPool):
    def __init__(self, connection_class=Connection, **kwargs):
        super().__init__(connection_class=_fail_fast(connection_class), **kwargs)
