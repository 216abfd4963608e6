from django.urls import path

from . import views

app_name = "media_pipeline"

urlpatterns = [
    path("<int:video_id>/", views.video_page, name="video"),
    path("<int:video_id>/hls/master.m3u8", views.master_playlist, name="master"),
    path("<int:video_id>/hls/<slug:rendition>/index.m3u8", views.variant_playlist, name="variant"),
    path("<int:video_id>/hls/<str:run>/<slug:rendition>/<str:filename>", views.segment, name="segment"),
    path("<int:video_id>/captions/<int:caption_id>.vtt", views.caption, name="caption"),
]
