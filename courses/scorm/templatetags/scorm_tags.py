from django import template
from django.conf import settings

from ..access import can_launch, launch_token
from ..views import content_url

register = template.Library()

# The player's frame may run the package's scripts on the content origin (allow-same-origin keeps that
# origin, not the platform's), show its dialogs and open its windows; it may not navigate the lesson page.
FRAME_SANDBOX = "allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"


@register.simple_tag(takes_context=True)
def scorm_launch(context, package, page):
    """The player's address on the content origin for launch.html, or the Korean reason it cannot start."""
    request = context["request"]
    if package is None or not package.is_ready:
        return {"message": "SCORM 콘텐츠를 준비하고 있거나 사용할 수 없습니다. 잠시 후 다시 시도해 주세요."}
    if not request.user.is_authenticated:
        return {"message": "로그인하면 이 차시를 학습할 수 있습니다."}
    if not can_launch(request, page, package):
        return {"message": "이 차시를 학습할 권한이 없습니다."}
    token = launch_token(request.user, page)
    return {
        "content_origin": settings.SCORM_CONTENT_ORIGIN,
        "player_url": settings.SCORM_CONTENT_ORIGIN + content_url("player", token=token),
        "sandbox": FRAME_SANDBOX,
    }
