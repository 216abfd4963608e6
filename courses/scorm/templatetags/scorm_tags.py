from urllib.parse import urlsplit

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse

from ..access import can_launch, content_token, launch_token
from ..packaging import SCORM_12, SCORM_2004
from ..selectors import launch_cmi
from ..views import SANDBOX_FLAGS

register = template.Library()

# Each dist file defines one global: window.Scorm12API or window.Scorm2004API.
RUNTIME_SCRIPTS = {
    SCORM_12: "vendor/scorm-again/scorm12.min.js",
    SCORM_2004: "vendor/scorm-again/scorm2004.min.js",
}


@register.simple_tag(takes_context=True)
def scorm_launch(context, package, page):
    """Everything launch.html needs: the runtime settings, or the Korean reason it cannot start."""
    request = context["request"]
    if package is None or not package.is_ready:
        return {"message": "SCORM 콘텐츠를 준비하고 있거나 사용할 수 없습니다. 잠시 후 다시 시도해 주세요."}
    if not request.user.is_authenticated:
        return {"message": "로그인하면 이 차시를 학습할 수 있습니다."}
    if not can_launch(request, page, package):
        return {"message": "이 차시를 학습할 권한이 없습니다."}
    href = urlsplit(package.launch_href)
    content_url = reverse(
        "scorm:package_file", kwargs={"token": content_token(request.user, package, page), "path": href.path}
    ) + (f"?{href.query}" if href.query else "")
    config = {
        "version": package.version,
        "commitUrl": reverse("scorm:commit", kwargs={"page_id": page.pk}),
        "contentUrl": content_url,
        "csrfToken": get_token(request),
        "launchToken": launch_token(request.user, page),
        "cmi": launch_cmi(request.user, page, package),
    }
    return {
        "config": config,
        "config_id": f"scorm-launch-{page.pk}",
        "sandbox": SANDBOX_FLAGS,
        "runtime": RUNTIME_SCRIPTS[package.version],
    }
