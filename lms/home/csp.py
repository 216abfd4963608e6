"""The Content-Security-Policy header: settings.CONTENT_SECURITY_POLICY, plus what settings cannot know.

django-csp writes the header on every response. This middleware adds, per response:
- the SCORM content origin in frame-src (SCORM_CONTENT_ORIGIN, where the SCORM player runs);
- the origin media files are served from, asked of the storage itself (S3's URLs are virtual-host or
  path style depending on the endpoint; a custom domain changes them again), so the policy always
  names the host the player and the pages really load from;
- the Wagtail admin's exception: its own widget templates (date choosers, inline panels, workflow
  buttons) print inline <script> and style="" attributes, rendered where no request and so no nonce
  can reach them. The admin is open to editors only, and every other directive still holds there.

The usual header is built once per kind (site, admin) and reused, where django-csp would build it again
for every response, heartbeats included.

A view that sets its own policy with django-csp's @csp (the SCORM package files) keeps it as written.
"""

from functools import cache
from urllib.parse import urlsplit

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

ADMIN_SOURCES = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}


# What a view sets to change or drop the policy of its response (django-csp's decorators).
VIEW_POLICY_ATTRIBUTES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


@cache
def storage_origin():
    """The origin of the URLs the default storage hands out; 'self' when they are relative (local disk)."""
    url = urlsplit(default_storage.url("csp-origin"))
    return f"{url.scheme}://{url.netloc}" if url.netloc else SELF


@cache
def admin_prefix():
    # The platform's URLs, also while answering for the SCORM content origin (another urlconf).
    return reverse("wagtailadmin_home", urlconf=settings.ROOT_URLCONF)


def site_additions(in_admin):
    """(update, replace) to apply to settings.CONTENT_SECURITY_POLICY for a site or an admin response."""
    update = {}
    origin = storage_origin()
    if origin != SELF:
        update.update({"img-src": [origin], "media-src": [origin], "connect-src": [origin]})
    if settings.SCORM_CONTENT_ORIGIN:
        update["frame-src"] = [settings.SCORM_CONTENT_ORIGIN]
    return update, (ADMIN_SOURCES if in_admin else {})


@cache
def _built_site_policy(in_admin, media_origin, scorm_origin):
    update, replace = site_additions(in_admin)
    return build_policy(update=update, replace=replace)


def site_policy(in_admin):
    return _built_site_policy(in_admin, storage_origin(), settings.SCORM_CONTENT_ORIGIN)


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_URL", "CONTENT_SECURITY_POLICY"} or setting.startswith("AWS_"):
        storage_origin.cache_clear()
        _built_site_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        """django-csp's, with the usual header reused when no view changed the policy and no nonce was
        handed out."""
        customised = (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in VIEW_POLICY_ATTRIBUTES)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        )
        if customised or HEADER in response or (settings.DEBUG and response.status_code in {404, 500}):
            return super().process_response(request, response)
        response[HEADER] = site_policy(request.path_info.startswith(admin_prefix()))
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp does
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is None:  # a view's own policy (@csp) stands as written
            update, replace = site_additions(request.path_info.startswith(admin_prefix()))
            parts.update = {**update, **(parts.update or {})}
            parts.replace = {**replace, **(parts.replace or {})}
        return parts
