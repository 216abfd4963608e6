"""The site's URLs plus views that fail the ways a user can meet, to see the site's error answers."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from lms.urls import *  # noqa: F401,F403  (handler400 … handler500 too)
from lms.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied("이 자료는 인사 담당자만 볼 수 있습니다.")


def forbidden_in_english(request):
    raise PermissionDenied("You do not have permission.")


def broken(request):
    raise RuntimeError("test failure")


urlpatterns = [
    path("test-errors/forbidden/", forbidden),
    path("test-errors/forbidden-en/", forbidden_in_english),
    path("test-errors/broken/", broken),
    *site_urlpatterns,
]
