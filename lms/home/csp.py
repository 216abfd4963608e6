"""The Content-Security-Policy header: settings.CONTENT_SECURITY_POLICY, plus what settings cannot know.

django-csp writes the header on every response. This middleware adds, per response:
- the SCORM content's origin in frame-src, when it is not this server (SCORM_CONTENT_ORIGIN);
- the origin media files are served from, asked of the storage itself (S3's URLs are virtual-host or
  path style depending on the endpoint; a custom domain changes them again), so the policy always
  names the host the player and the pages really load from;
- the Wagtail admin's exception: its own widget templates (date choosers, inline panels, workflow
  buttons) print inline <script> and style="" attributes, rendered where no request and so no nonce
  can reach them. The admin is open to editors only (who can already publish content), and nothing
  a learner writes is shown there unescaped.

A view that sets its own policy with django-csp's @csp (the SCORM package files) keeps it as written.
"""

from functools import cache
from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

ADMIN_SOURCES = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}


@cache
def storage_origin():
    """The origin of the URLs the default storage hands out; 'self' when they are relative (local disk)."""
    url = urlsplit(default_storage.url("csp-origin"))
    return f"{url.scheme}://{url.netloc}" if url.netloc else SELF


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


@receiver(setting_changed)
def _forget_storage_origin(setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_URL"} or setting.startswith("AWS_"):
        storage_origin.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is not None:
            return parts
        update = {}
        origin = storage_origin()
        if origin != SELF:
            update.update({"img-src": [origin], "media-src": [origin], "connect-src": [origin]})
        if settings.SCORM_CONTENT_ORIGIN:
            update["frame-src"] = [settings.SCORM_CONTENT_ORIGIN]
        if update:
            parts.update = {**update, **(parts.update or {})}
        if request.path_info.startswith(admin_prefix()):
            parts.replace = {**ADMIN_SOURCES, **(parts.replace or {})}
        return parts
