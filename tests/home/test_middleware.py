"""LazyMessageMiddleware: Django's message storage, built only for requests that use messages."""

from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.http import HttpResponse

from lms.home import middleware
from lms.home.middleware import LazyMessageMiddleware


def _request(rf, cookies=None):
    request = rf.get("/")
    request.COOKIES.update(cookies or {})
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return request


def test_a_request_that_never_uses_messages_builds_no_storage(rf, monkeypatch):
    built = []
    monkeypatch.setattr(middleware, "default_storage", lambda request: built.append(request))
    response = LazyMessageMiddleware(lambda request: HttpResponse("ok"))(_request(rf))
    assert built == []
    assert "messages" not in response.cookies


def test_a_message_added_in_one_request_is_shown_by_the_next(rf):
    def add(request):
        messages.success(request, "수강 신청이 완료되었습니다.")
        return HttpResponse("ok")

    saved = LazyMessageMiddleware(add)(_request(rf))
    cookie = saved.cookies["messages"].value

    def show(request):
        return HttpResponse("|".join(str(message) for message in get_messages(request)))

    shown = LazyMessageMiddleware(show)(_request(rf, {"messages": cookie}))
    assert shown.content.decode() == "수강 신청이 완료되었습니다."
    assert shown.cookies["messages"].value == ""  # read once, then cleared
