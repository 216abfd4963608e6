from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("<int:package_id>/launch/", views.launch, name="launch"),
]
