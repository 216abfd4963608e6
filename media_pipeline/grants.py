"""Playback grants: a video plays only through a page its viewer was allowed to see.

The player include (`player.html`) is rendered only by pages that have already decided who may see
them (Wagtail's live check and view restrictions, a course's audience and enrolment, a campaign's
public flag, the admin's preview for editors). While rendering, it issues a grant: the video and the
viewer (or "anonymous"), signed with SECRET_KEY. Every playback URL carries it — master and variant
playlists, local segments, captions — and each view checks it, so a video id alone (ids are
sequential) plays nothing, and a grant copied to another account, or kept after logout, is refused.

The media pipeline thus never asks the content apps who may watch: the page that embeds the video
already did. A grant lasts a study session (a page left open, then watched to the end); after that,
reloading the page issues a new one.
"""

from django.core import signing

SALT = "media_pipeline.playback-grant"
GRANT_SECONDS = 3 * 60 * 60
ANONYMOUS = 0


def _viewer(user) -> int:
    return user.pk if user.is_authenticated else ANONYMOUS


def issue(*, video_id: int, user) -> str:
    return signing.dumps([video_id, _viewer(user)], salt=SALT)


def allows(token: str, *, video_id: int, user) -> bool:
    """The grant is genuine, recent, for this video and for the person now asking."""
    if not token:
        return False
    try:
        granted_video, granted_viewer = signing.loads(token, salt=SALT, max_age=GRANT_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return granted_video == video_id and granted_viewer == _viewer(user)
