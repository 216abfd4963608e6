"""Who may launch a package, the signed launch token its commits carry, and the signed grant that lets
the sandboxed SCO fetch its own files.

A launch token is issued when the lesson renders its player (a GET, so nothing is written then): it
names the learner, the lesson and a launch id, and carries the server's time of issue. The first commit
that presents it records the launch (models.ScormSession); a commit without one is refused, so the
SCO's statuses always belong to a launch the server issued, and the time credited is measured from it.

The SCO runs in an opaque-origin sandbox, so its requests for its own files carry no usable session
cookie. The launch page (which requires login and the page's view permission) therefore puts a
short-lived signed grant for (learner, package, lesson page) into the content URL path; the file
view serves only what that grant covers.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from django.conf import settings
from django.core import signing

from . import selectors

CONTENT_SALT = "courses.scorm.content"
LAUNCH_SALT = "courses.scorm.launch"
# A SCO left open longer than the session cap may still report its statuses, for a day; the time
# credited stops at the cap.
LAUNCH_TOKEN_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ContentGrant:
    user_id: int
    package_id: int
    page_id: int


def content_token(user, package, page):
    return signing.dumps([user.pk, package.pk, page.pk], salt=CONTENT_SALT, compress=True)


def read_content_token(token):
    try:
        user_id, package_id, page_id = signing.loads(
            token, salt=CONTENT_SALT, max_age=settings.SCORM_CONTENT_GRANT_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return ContentGrant(user_id, package_id, page_id)


@dataclass(frozen=True)
class Launch:
    launch_id: uuid.UUID
    issued_at: datetime


def launch_token(user, page, now=None):
    issued = (now or timezone.now()).timestamp()
    return signing.dumps([user.pk, page.pk, uuid.uuid4().hex, issued], salt=LAUNCH_SALT)


def read_launch_token(token, *, user, page):
    """The Launch a valid token issued to `user` for `page` stands for, else None."""
    try:
        user_id, page_id, launch_id, issued = signing.loads(token or "", salt=LAUNCH_SALT, max_age=LAUNCH_TOKEN_SECONDS)
        if user_id != user.pk or page_id != page.pk:
            return None
        return Launch(uuid.UUID(launch_id), datetime.fromtimestamp(issued, tz=timezone.get_current_timezone()))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def can_launch(request, page, package):
    """A logged-in learner, a live page that launches this very package, the page's view restrictions,
    and the page's own rule for who may learn it (`page.can_learn(user)`, e.g. course enrolment)."""
    if not request.user.is_authenticated or not page.live or package is None:
        return False
    launched = selectors.package_of(page)
    if launched is None or launched.pk != package.pk:
        return False
    if not all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        return False
    can_learn = getattr(page, "can_learn", None)
    return can_learn is None or bool(can_learn(request.user))
