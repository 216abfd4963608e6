from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("heartbeat/<int:page_id>/", views.heartbeat, name="heartbeat"),
    path("progress/<int:page_id>/", views.progress, name="progress"),
]
