"""cached_db sessions whose cached copy lives at most CACHE_SECONDS.

With Redis unreachable the cache fails soft (settings.CACHES): a logout or a session flushed meanwhile
changes the database, but the copy cached before the outage is not deleted. Were it cached for the
session's whole age (two weeks), the old cookie would sign in again once Redis is back; capped, it is
read again from the database within CACHE_SECONDS, the same window as the cached user
(lms/people/backends.py).
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

CACHE_SECONDS = 300


class _ShortLivedCache:
    """The session cache, with every entry's timeout capped."""

    def __init__(self, cache):
        self._cache = cache

    def set(self, key, value, timeout=None, **kwargs):
        capped = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return self._cache.set(key, value, capped, **kwargs)

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ShortLivedCache(self._cache)
