"""Beat tokens: short-lived signed passes that spare a player's beats the session and user reads.

A player's first beat goes through every check of the heartbeat (session, user, view restrictions,
audience and enrolment); the answer carries a token for that (user, page), valid TOKEN_SECONDS and
bound to the browser's session cookie. Later beats that present it (header X-Beat-Token) are credited
to that user without loading the session or the user, two cache round trips fewer on every beat.
When the token has expired, or the session cookie is not the one it was issued for, the beat simply
goes through every check again and gets a new token.

Revocation: a token also carries the user's token *epoch*, a random number kept in the cache
(`epoch_key`). Logging out, and any change to the user row (deactivation, a password change, the
roster's bulk deactivation), deletes it (`revoke`, from receivers), so every token issued before
stops standing for the checks at once, even with the old session cookie replayed: the next beat is
checked in full (and refused without a live session). The beat queue's Redis script compares the
epoch in the same round trip as it queues the beat; the direct path reads it from the cache. A lost
key (Redis flushed or restarted empty) revokes too, never revives: a new epoch is drawn.

What this still trades: an enrolment withdrawn or a view restriction added reaches a player that is
already open within TOKEN_SECONDS instead of at once. Unpublishing the page does not wait for the
token: every beat looks the page up (selectors.tracked_content).
"""

import secrets

from django.core import signing
from django.core.cache import cache
from django.db import transaction

TOKEN_SECONDS = 300
# The X-Beat-Token header, read from request.META: request.headers builds a dict of every header,
# 9 µs on each beat.
META_KEY = "HTTP_X_BEAT_TOKEN"
EPOCH_SECONDS = 2 * TOKEN_SECONDS  # renewed on every issue, so it outlives the tokens issued under it


def _signer(session_key):
    return signing.Signer(salt=f"lms.records.beat-token:{session_key}")


def epoch_key(user_id):
    return f"records:beat-epoch:{user_id}"


def current_epoch(user_id):
    """The user's token epoch, drawn anew when there is none (never issued, or revoked)."""
    key = epoch_key(user_id)
    epoch = cache.get(key)
    if epoch is None:
        epoch = secrets.randbits(62) + 1
        if not cache.add(key, epoch, EPOCH_SECONDS):  # another request drew one first
            epoch = cache.get(key, epoch)
    else:
        cache.touch(key, EPOCH_SECONDS)
    return epoch


def is_current(user_id, epoch):
    return cache.get(epoch_key(user_id)) == epoch


def revoke(user_ids):
    """Tokens issued so far to these users stop standing for the checks. Done now and again at commit,
    so that a token issued in between, against a user row about to change, does not survive."""
    keys = [epoch_key(user_id) for user_id in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def issue(*, user_id, page_id, session_key, now):
    """A token for `user_id`'s beats on `page_id` from the browser holding `session_key`."""
    expires = int(now.timestamp()) + TOKEN_SECONDS
    return _signer(session_key).sign(f"{user_id}:{page_id}:{expires}:{current_epoch(user_id)}")


def holder(token, *, page_id, session_key, now):
    """(user id, epoch) of a token issued for this page and session and not expired, else None.
    Whether the epoch is still current is for the caller to check (is_current, or the beat queue)."""
    if not token or not session_key:
        return None
    try:
        user_id, token_page_id, expires, epoch = _signer(session_key).unsign(token).split(":")
        if int(token_page_id) != page_id or int(expires) <= now.timestamp():
            return None
        return int(user_id), int(epoch)
    except (signing.BadSignature, ValueError):
        return None
