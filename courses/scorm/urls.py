from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("content/<str:token>/<path:path>", views.package_file, name="package_file"),
    path("commit/<int:page_id>/", views.commit, name="commit"),
    path("<int:package_id>/launch/", views.launch, name="launch"),
]
