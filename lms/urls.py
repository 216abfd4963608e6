from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.home import views as home_views
from lms.home.forms import StaffLoginForm
from search import views as search_views

urlpatterns = [
    path("records/", include("lms.records.urls")),  # first: every viewer posts a heartbeat every 15 s
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=StaffLoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("me/", home_views.my_info, name="my_info"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("scorm/", include("courses.scorm.urls")),
    path("webtoons/", include("webtoons.urls")),
    path("surveys/", include("lms.surveys.urls")),
    path("videos/", include("media_pipeline.urls")),
    path("programmes/", include("lms.programmes.urls")),
    path("", include("courses.urls")),
]

if settings.DEBUG:
    from django.urls import re_path
    from django.views.static import serve

    # Development media, except videos/ and scorm/ (only served by their apps' login-checked views) and
    # private/ (where private files lived before they moved to the private storage, lms/storage.py).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?!videos/|scorm/|private/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "lms.home.errors.bad_request"
handler403 = "lms.home.errors.permission_denied"
handler404 = "lms.home.errors.page_not_found"
handler500 = "lms.home.errors.server_error"
