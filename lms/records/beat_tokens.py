"""Beat tokens: short-lived signed passes that spare a player's beats the session and user reads.

A player's first beat goes through every check of the heartbeat (session, user, view restrictions,
audience and enrolment); the answer carries a token for that (user, page), valid TOKEN_SECONDS and
bound to the browser's session cookie. Later beats that present it (header X-Beat-Token) are credited
to that user without loading the session or the user, two cache round trips fewer on every beat.
When the token has expired, or the session cookie is not the one it was issued for, the beat simply
goes through every check again and gets a new token.

What this trades: a change made on the server side (the user deactivated, a password changed in
another browser, an enrolment withdrawn, a view restriction added) reaches a player that is already
open within TOKEN_SECONDS instead of at once. Logging out in the same browser still takes effect at
once, because it replaces the session cookie. Unpublishing the page does not wait for the token:
every beat looks the page up (selectors.tracked_content).
"""

from django.core import signing

TOKEN_SECONDS = 300
# The X-Beat-Token header, read from request.META: request.headers builds a dict of every header,
# 9 µs on each beat.
META_KEY = "HTTP_X_BEAT_TOKEN"


def _signer(session_key):
    return signing.Signer(salt=f"lms.records.beat-token:{session_key}")


def issue(*, user_id, page_id, session_key, now):
    """A token for `user_id`'s beats on `page_id` from the browser holding `session_key`."""
    expires = int(now.timestamp()) + TOKEN_SECONDS
    return _signer(session_key).sign(f"{user_id}:{page_id}:{expires}")


def holder(token, *, page_id, session_key, now):
    """The user id a valid token was issued to for this page and session, else None."""
    if not token or not session_key:
        return None
    try:
        user_id, token_page_id, expires = _signer(session_key).unsign(token).split(":")
        if int(token_page_id) != page_id or int(expires) <= now.timestamp():
            return None
        return int(user_id)
    except (signing.BadSignature, ValueError):
        return None
