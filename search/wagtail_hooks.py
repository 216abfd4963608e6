from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import services
from .models import IndexUpdate, SearchTerm

RETRYABLE = (IndexUpdate.Status.FAILED, IndexUpdate.Status.DONE)


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = "검색 용어 사전"
    list_display = ["term", "parts", "synonyms"]
    search_fields = ["term", "synonyms"]


def _status(update):
    label = update.get_status_display()
    return f"{label}: {update.message}" if update.message else label


class IndexUpdateIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.status in RETRYABLE and self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.insert(0, ListingButton(
                "다시 시도", url=reverse(IndexUpdate.snippet_viewset.get_url_name("retry"), args=[instance.pk]),
                icon_name="rotate", priority=5,
            ))
        return buttons


class IndexUpdateViewSet(SnippetViewSet):
    """What each dictionary edit or upgrade step did to the search index, and a 다시 시도 for failures."""

    model = IndexUpdate
    icon = "resubmit"
    menu_label = "색인 반영"
    index_view_class = IndexUpdateIndexView
    list_display = [
        "reason",
        Column("status", label="상태", accessor=_status),
        Column("pages_indexed", label="색인한 페이지 수"),
        DateColumn("created_at", label="요청 시각"),
        DateColumn("finished_at", label="끝난 시각"),
    ]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = ["reason", "status", "message", "terms", "pages_indexed", "created_at", "finished_at"]
    # The record is written by the background task; the form only shows it.
    panels = [FieldPanel(name, read_only=True) for name in ("reason", "status", "message", "terms", "pages_indexed")]

    def retry_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        update = get_object_or_404(IndexUpdate, pk=pk)
        if request.method == "POST":
            services.retry_index_update(update=update)
            messages.success(request, f"‘{update.reason}’ 색인 반영을 다시 대기열에 넣었습니다.")
            return redirect(self.get_url_name("list"))
        return TemplateResponse(request, "search/admin/retry_confirm.html", {
            "update": update, "header_icon": self.icon, "page_title": "색인 반영 다시 시도",
            "index_url": reverse(self.get_url_name("list")),
        })

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("retry/<int:pk>/", self.retry_view, name="retry")]


register_snippet(SearchTermViewSet)
register_snippet(IndexUpdateViewSet)
