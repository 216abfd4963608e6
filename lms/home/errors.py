"""Error answers in Korean: a page in the site's layout, or JSON for the JSON endpoints (lms/urls.py's
handler400 … handler500 and settings.CSRF_FAILURE_VIEW).

400 and 500 pages use the layout without the menu and the footer's contacts (errors/plain_layout.html):
a 500 may come from the database itself, and a 400 from a request whose host cannot be trusted. A message
carried by the exception is shown only when it was written for users, i.e. in Korean; Django's and
libraries' own messages are English and meant for developers.
"""

import re

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse

_HANGUL = re.compile("[\uac00-\ud7a3]")

JSON_MESSAGES = {
    400: "요청의 형식이 올바르지 않습니다.",
    403: "이 요청을 처리할 권한이 없습니다.",
    404: "요청한 주소를 찾을 수 없습니다.",
    500: "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
}
TOO_BIG = "보낸 데이터가 너무 큽니다. 10MB 이하로 보내 주세요."
CSRF_FAILED = "보안 확인 정보가 만료되었거나 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요."


def wants_json(request):
    """The request came from a script, not a page load: it sent JSON, asked for JSON and not for HTML, or
    said it is a script (X-Requested-With, as webtoon-reader.js and Wagtail's admin scripts do)."""
    accept = request.headers.get("Accept", "")
    return (
        request.content_type == "application/json"
        or ("json" in accept and "html" not in accept)
        or "X-Requested-With" in request.headers
    )


def _user_message(exception):
    message = str(exception or "")
    return message if _HANGUL.search(message) else ""


def _json(status, message, **headers):
    return JsonResponse({"error": message}, status=status, headers=headers, json_dumps_params={"ensure_ascii": False})


def _page(request, template_name, status, message=""):
    return TemplateResponse(request, template_name, {"message": message}, status=status).render()


def bad_request(request, exception):
    message = TOO_BIG if isinstance(exception, RequestDataTooBig) else _user_message(exception)
    if wants_json(request):
        return _json(400, message or JSON_MESSAGES[400])
    return _plain_page("400.html", 400, message)


def permission_denied(request, exception):
    message = _user_message(exception)
    if wants_json(request):
        return _json(403, message or JSON_MESSAGES[403])
    return _page(request, "403.html", 403, message)


def page_not_found(request, exception):
    message = _user_message(exception)
    if wants_json(request):
        return _json(404, message or JSON_MESSAGES[404])
    return _page(request, "404.html", 404, message)


def server_error(request):
    if wants_json(request):
        return _json(500, JSON_MESSAGES[500])
    return _plain_page("500.html", 500)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW. `X-CSRF-Failure` tells a script (heartbeat.js) that the request itself
    was fine and may be sent again once the page has a fresh token, unlike a refusal."""
    if wants_json(request):
        return _json(403, CSRF_FAILED, **{"X-CSRF-Failure": "1"})
    return _page(request, "403_csrf.html", 403, CSRF_FAILED)


def _plain_page(template_name, status, message=""):
    """Rendered without the request: no context processor, no database."""
    return HttpResponse(loader.get_template(template_name).render({"message": message}), status=status)
