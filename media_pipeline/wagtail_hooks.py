"""Video admin: a snippet with a chooser (for `FieldPanel("video")` and `SnippetChooserBlock`),
status and progress in the listing, the Korean failure reason, and a 다시 시도 action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from lms.home.dashboard import ROWS, DashboardPanel, add_panels

from . import selectors, services
from .forms import VideoAdminForm
from .models import Video, VideoStatus


def status_label(video: Video) -> str:
    label = video.get_status_display()
    if video.status == VideoStatus.TRANSCODING:
        return f"{label} {video.progress}%"
    if video.error_message:
        reason = video.error_message if len(video.error_message) <= 80 else video.error_message[:79] + "…"
        return f"{label}: {reason}"
    return label


class VideoStatusPanel(Panel):
    """Read-only status, progress and failure reason on the edit page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "media_pipeline/admin/status_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["video"] = self.instance
            context["retry_url"] = reverse(Video.snippet_viewset.get_url_name("retry"), args=[self.instance.pk])
            return context


class VideoIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.status in (VideoStatus.FAILED, VideoStatus.READY) and self.permission_policy.user_has_permission(
            self.request.user, "change"
        ):
            buttons.insert(
                0,
                ListingButton(
                    "다시 시도" if instance.status == VideoStatus.FAILED else "다시 변환",
                    url=reverse(Video.snippet_viewset.get_url_name("retry"), args=[instance.pk]),
                    icon_name="rotate",
                    priority=5,
                ),
            )
        return buttons


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = "동영상"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = VideoIndexView
    list_display = [
        "title",
        Column("status", label="상태", accessor=status_label),
        Column("duration", label="재생 시간(초)", accessor=lambda v: f"{v.duration:.0f}" if v.duration else "-"),
        Column("is_public", label="공개", accessor=lambda v: "공개" if v.is_public else "직원 전용"),
        DateColumn("updated_at", label="수정일"),
    ]
    list_filter = ["status", "is_public"]
    # No `search_fields` here: naming fields makes the search backend look them up as columns of its
    # index, and SQLite's full-text table has only `title` and `body` (every other SearchField is folded
    # into `body`). Without it the backend searches all of Video.search_fields on every database.
    inspect_view_enabled = True
    inspect_view_fields = [
        "title", "original_filename", "status", "progress", "error_message", "attempts",
        "duration", "width", "height", "is_public", "created_at", "updated_at",
    ]
    edit_handler = ObjectList(
        [
            VideoStatusPanel(heading="처리 상태"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("source"),
            FieldPanel("is_public"),
            FieldPanel("poster", help_text="비워 두면 변환할 때 영상에서 한 장면을 골라 넣습니다."),
            InlinePanel("captions", heading="자막", label="자막"),
        ],
        base_form_class=VideoAdminForm,
    )

    def retry_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        video = get_object_or_404(Video, pk=pk)
        if request.method == "POST":
            services.retry_video(video)
            messages.success(request, f"‘{video.title}’ 영상을 다시 검사·변환하도록 대기열에 넣었습니다.")
            # The dashboard's 다시 시도 brings the editor back to the dashboard.
            back = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
                return redirect(back)
            return redirect(self.get_url_name("list"))
        return TemplateResponse(
            request,
            "media_pipeline/admin/retry_confirm.html",
            {"video": video, "header_icon": self.icon, "page_title": "동영상 다시 변환", "index_url": reverse(self.get_url_name("list"))},
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("retry/<int:pk>/", self.retry_view, name="retry")]


register_snippet(VideoViewSet)


class VideosNeedingAttentionPanel(DashboardPanel):
    """The editors' dashboard: videos not playable yet, a failed one with its reason and 다시 시도."""

    name = "videos_needing_attention"
    order = 120
    template_name = "media_pipeline/admin/dashboard_panel.html"

    def is_shown(self):
        return Video.snippet_viewset.permission_policy.user_has_permission(self.request.user, "change")

    def rows(self):
        viewset = Video.snippet_viewset
        return [
            {
                "video": video,
                "status": status_label(video),
                "edit_url": reverse(viewset.get_url_name("edit"), args=[video.pk]),
                "retry_url": reverse(viewset.get_url_name("retry"), args=[video.pk]),
            }
            for video in selectors.videos_needing_attention()[:ROWS]
        ]

    def get_context_data(self, parent_context=None):
        return {
            **super().get_context_data(parent_context),
            "index_url": reverse(Video.snippet_viewset.get_url_name("list")),
            "failed": VideoStatus.FAILED,
        }


@hooks.register("construct_homepage_panels")
def add_videos_panel(request, panels):
    add_panels(request, panels, [VideosNeedingAttentionPanel(request)])
