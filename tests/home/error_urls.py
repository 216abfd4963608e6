"""The site's URLs plus one view that fails, to see what a 500 answers (with the site's handlers)."""

from django.urls import path

from lms.urls import *  # noqa: F401,F403  (handler400 … handler500 too)
from lms.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("테스트용 오류")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
