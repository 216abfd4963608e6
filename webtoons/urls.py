from django.urls import path

from webtoons import views

app_name = "webtoons"

urlpatterns = [
    path("episodes/<int:page_id>/read/", views.episode_read, name="episode_read"),
    path("manual/editions/<int:edition_id>/download/", views.manual_download, name="manual_download"),
    path("manual/editions/<int:edition_id>/read/", views.manual_read, name="manual_read"),
]
