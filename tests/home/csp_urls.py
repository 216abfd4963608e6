"""The site's URLs (and its error handlers) plus two views the CSP tests need: one that fails, and one
with an inline script that takes the request's nonce."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from lms.urls import *  # noqa: F401,F403  (handler400 … handler500 too)
from lms.urls import urlpatterns as site_urlpatterns

NONCED = '<script nonce="{{ request.csp_nonce }}">document.title = "nonce";</script>'


def broken(request):
    raise RuntimeError("테스트용 오류")


def nonced(request):
    return HttpResponse(engines["django"].from_string(NONCED).render({}, request))


urlpatterns = [path("broken/", broken), path("nonced/", nonced), *site_urlpatterns]
