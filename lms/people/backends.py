"""Authentication backend that reads the signed-in user from the cache instead of the database.

Every request of a signed-in user loads the user (heartbeats: one per viewer every 15 s). With Redis
configured this replaces a database query with a cache read; the entry is dropped whenever the user
row changes (saved, deleted, or bulk-updated by the roster import), and expires after a few minutes
regardless. Django still checks the session hash against the cached password hash and `is_active`.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from .signals import users_changed

USER_CACHE_SECONDS = 300


def _cache_key(user_id):
    return f"people:user:{user_id}"


def forget_cached_users(user_ids):
    """Drop the entries now and again at commit, so a request that read the old row in between does not
    keep it cached; tell the apps that derive something from users (signals.users_changed)."""
    keys = [_cache_key(user_id) for user_id in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
        users_changed.send(sender=forget_cached_users, user_ids=list(user_ids))


def forget_cached_user(sender, instance, **kwargs):
    """post_save / post_delete receiver for the user model."""
    forget_cached_users([instance.pk])


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        key = _cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(key, user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None
