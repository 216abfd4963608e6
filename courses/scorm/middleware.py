"""The SCORM content origin: the same server under SCORM_CONTENT_ORIGIN's host name.

A request for that host is answered from `content_urls` alone (the player, the package files, the
commits), and its cookies are dropped before anything reads them: even if the platform's cookies were
ever scoped to reach that host (SESSION_COOKIE_DOMAIN), no view there runs as the learner. Every other
host gets the platform, where no package file is served, so a package's scripts never run on the
platform's origin.
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

CONTENT_URLCONF = "courses.scorm.content_urls"


@cache
def content_host():
    # Read once: every request of the platform (heartbeats included) asks.
    return urlsplit(settings.SCORM_CONTENT_ORIGIN).netloc.lower()


@receiver(setting_changed)
def _forget_content_host(setting, **kwargs):
    if setting == "SCORM_CONTENT_ORIGIN":
        content_host.cache_clear()


def platform_origin():
    """The platform's own origin (WAGTAILADMIN_BASE_URL), the only one that may frame the player."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return f"{url.scheme}://{url.netloc}"


def is_content_request(request):
    # The Host header as sent: it is the configured name exactly or it is not ours (the platform's
    # ALLOWED_HOSTS check runs later, as for any request).
    return request.META.get("HTTP_HOST", "").lower() == content_host()


class ContentOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_content_request(request):
            request.META.pop("HTTP_COOKIE", None)
            request.urlconf = CONTENT_URLCONF
        return self.get_response(request)
