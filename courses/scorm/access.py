"""Who may launch a package, and the two signed passes the content origin accepts instead of a session.

The package and its player are served from SCORM_CONTENT_ORIGIN (middleware.py), which never sees the
platform's cookies. The lesson page, which requires the login and the page's rules, hands the player
two passes in its URL:

- the launch token: a learner, a lesson, its package, a launch id and the server's time of issue. It
  opens the player page and carries every commit. The first commit that presents it records the launch
  (models.ScormSession); a commit without one is refused, so the SCO's statuses always belong to a launch
  the server issued, and the time credited is measured from it. It is refused after a day, or once the
  learner may no longer learn the lesson (deactivated, withdrawn, the page unpublished or given another
  package).
- the file grant: a learner, a package's content (its storage prefix's hash) and the day of issue. It
  is the same all day, so the browser's cache serves a relaunch, and it opens that content's files only.

The launch token sits in the player's URL, which the SCO (same origin, by design) can read: it lets the
SCO commit for this learner on this lesson, which is what a SCO does anyway, and nothing else.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from . import selectors
from .models import PackageStatus, ScormPackage

LAUNCH_SALT = "courses.scorm.launch"
FILES_SALT = "courses.scorm.files"
# A SCO left open longer than the session cap may still report its statuses, for a day; the time
# credited stops at the cap.
LAUNCH_TOKEN_SECONDS = 24 * 3600
# A file grant names the day it was issued and serves until the end of the next one (24 to 48 hours).
FILE_GRANT_DAYS = 1


@dataclass(frozen=True)
class Launch:
    launch_id: uuid.UUID
    issued_at: datetime


@dataclass(frozen=True)
class LaunchContext:
    """What a valid launch token stands for, checked against the database when read."""

    user: object
    page: Page
    package: ScormPackage
    launch: Launch


def launch_token(user, page, now=None):
    package = selectors.package_of(page)
    issued = (now or timezone.now()).timestamp()
    return signing.dumps(
        [user.pk, page.pk, package.pk if package else None, uuid.uuid4().hex, issued], salt=LAUNCH_SALT
    )


def _launch_fields(token):
    try:
        user_id, page_id, package_id, launch_id, issued = signing.loads(
            token or "", salt=LAUNCH_SALT, max_age=LAUNCH_TOKEN_SECONDS
        )
        launch = Launch(uuid.UUID(launch_id), datetime.fromtimestamp(issued, tz=timezone.get_current_timezone()))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return user_id, page_id, package_id, launch


def read_launch_token(token, *, user, page):
    """The Launch a valid token issued to `user` for `page` stands for, else None."""
    fields = _launch_fields(token)
    if fields is None or fields[0] != user.pk or fields[1] != page.pk:
        return None
    return fields[3]


def launch_context(token):
    """The learner, lesson, package and launch of a valid token whose learner may still learn the lesson
    with that package, else None. This is what the content origin knows of the learner."""
    fields = _launch_fields(token)
    if fields is None:
        return None
    user_id, page_id, package_id, launch = fields
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    page = Page.objects.live().filter(pk=page_id).first()
    if user is None or page is None:
        return None
    page = page.specific
    package = selectors.package_of(page)
    if package is None or package.pk != package_id or not package.is_ready or not may_learn(user, page):
        return None
    return LaunchContext(user=user, page=page, package=package, launch=launch)


def may_learn(user, page):
    """Without a request: the page's login and group view restrictions (a password restriction was passed
    when the lesson page issued the token) and the page's own rule (`page.can_learn(user)`)."""
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and not user.is_superuser:
            if not user.groups.filter(pk__in=restriction.groups.values("pk")).exists():
                return False
    can_learn = getattr(page, "can_learn", None)
    return can_learn is None or bool(can_learn(user))


def content_digest(package):
    """A short name of the package's current files: a new upload gets a new prefix, so new file URLs."""
    return hashlib.sha256(package.storage_prefix.encode()).hexdigest()[:12]


def _today():
    return timezone.now().date().toordinal()


def file_grant(user, package):
    signer = signing.Signer(salt=FILES_SALT)
    return signer.sign_object([user.pk, package.pk, content_digest(package), _today()], compress=True)


def granted_package(grant):
    """The ready package whose current files a valid, unexpired grant opens, else None."""
    try:
        _user_id, package_id, digest, day = signing.Signer(salt=FILES_SALT).unsign_object(grant)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(day, int) or not 0 <= _today() - day <= FILE_GRANT_DAYS:
        return None
    package = ScormPackage.objects.filter(pk=package_id, status=PackageStatus.READY).first()
    if package is None or content_digest(package) != digest:
        return None
    return package


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
