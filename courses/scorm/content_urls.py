"""The whole URL space of SCORM_CONTENT_ORIGIN (middleware.py): nothing of the platform answers there."""

from django.urls import include, path

from . import views

content_patterns = [
    path("launch/<str:token>/", views.player, name="player"),
    path("launch/<str:token>/commit/", views.commit, name="commit"),
    path("launch/<str:token>/cmi/<str:sco>/", views.sco_cmi, name="sco_cmi"),
    path("launch/<str:token>/progress/", views.sco_progress, name="sco_progress"),
    path("files/<str:grant>/<path:path>", views.package_file, name="package_file"),
]
urlpatterns = [path("", include((content_patterns, "scorm_content")))]

handler404 = views.content_not_found
handler500 = views.content_server_error
