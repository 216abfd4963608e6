"""Who may launch a package, and the signed grant that lets the sandboxed SCO fetch its own files.

The SCO runs in an opaque-origin sandbox, so its requests for its own files carry no usable session
cookie. The launch page (which requires login and the page's view permission) therefore puts a
short-lived signed grant for (learner, package, lesson page) into the content URL path; the file
view serves only what that grant covers.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from . import selectors

CONTENT_SALT = "courses.scorm.content"


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
