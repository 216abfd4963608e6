from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("my/learning/", views.my_learning, name="my_learning"),
    path("lessons/<int:page_id>/status/", views.lesson_status, name="lesson_status"),
    path("certificates/<str:serial>/download/", views.certificate_download, name="certificate_download"),
    path("certificates/verify/<str:serial>/", views.verify_certificate, name="verify_certificate"),
]
