from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
