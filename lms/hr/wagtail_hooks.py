"""HR's console in the Wagtail admin: person records, exports, the read-only export audit log, and HR's
dashboard panel."""

from django.db.models import Count
from django.utils.functional import cached_property
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import models as generic_views
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lms.home.dashboard import DashboardPanel, add_panels
from lms.people.selectors import roster_scope
from lms.people.wagtail_hooks import PermissionMenuItem
from lms.programmes import selectors as programme_selectors

from . import views
from .models import DataExport
from .selectors import AUDIT_PERMISSION, EXPORT_PERMISSION, VIEW_PERMISSION, recent_exports
from .spreadsheets import neutralise


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """The log is written by the export code only: the admin never adds, changes or deletes a row."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(DataExport, AuditLogPermissionPolicy(DataExport))


class AuditLogIndexView(generic_views.IndexView):
    page_title = "개인정보 내보내기 기록"
    # What exporters typed goes to HR's spreadsheet as text, never as a formula.
    custom_value_preprocess = {
        **generic_views.IndexView.custom_value_preprocess,
        str: {"csv": neutralise, "xlsx": neutralise},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("requested_by").annotate(download_count=Count("downloads"))

    def stream_csv(self, queryset):
        yield "\ufeff"  # Korean Excel reads UTF-8 only with a BOM
        yield from super().stream_csv(queryset)


class AuditLogInspectView(generic_views.InspectView):
    template_name = "hr/audit_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(downloads=self.object.downloads.select_related("downloaded_by"), **kwargs)


class AuditLogViewSet(ModelViewSet):
    model = DataExport
    name = "hr_export_log"
    url_prefix = "hr/export-log"
    icon = "list-ul"
    menu_label = "개인정보 내보내기 기록"
    menu_order = 345
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AuditLogIndexView
    inspect_view_class = AuditLogInspectView
    form_fields = []
    ordering = "-requested_at"
    list_display = [
        # A title column (a field name first): it links to the row's record (hash, downloads), the
        # only way into it from a listing whose rows cannot be edited.
        "requested_at",
        Column("requested_by", label="요청자"),
        Column("report", label="자료", accessor="get_report_display"),
        Column("filters", label="조건", accessor="filters_label"),
        Column("row_count", label="행 수"),
        Column("purpose", label="사용 목적"),
        Column("status", label="상태", accessor="get_status_display"),
        BooleanColumn("include_email", label="이메일"),
    ]
    list_filter = ["report", "status", "include_email", "requested_at"]
    search_fields = ["purpose", "requested_by__name", "requested_by__username"]
    search_backend_name = None
    list_export = ["requested_at", "requested_by", "report", "filters_label", "row_count", "purpose", "status",
                   "include_email", "sha256", "download_count"]
    export_headings = {"filters_label": "조건", "download_count": "내려받기 횟수", "requested_by": "요청자"}
    export_filename = "개인정보_내보내기_기록"
    inspect_view_fields = ["token", "requested_by", "requested_at", "report", "file_format", "filters", "include_email",
                           "purpose", "background", "status", "attempts", "status_message", "row_count", "sha256",
                           "file_size", "finished_at", "expires_at"]


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditLogViewSet()


@hooks.register("register_admin_urls")
def register_hr_urls():
    can_view = permission_required(VIEW_PERMISSION)
    can_export = permission_required(EXPORT_PERMISSION)
    return [
        path("hr/people/<int:user_id>/", can_view(views.PersonRecordView.as_view()), name="hr_person_record"),
        path("hr/people/<int:user_id>/export/", can_export(views.PersonExportView.as_view()), name="hr_person_export"),
        path("hr/exports/", can_export(views.ExportFormView.as_view()), name="hr_export"),
        path("hr/exports/<uuid:token>/", can_export(views.ExportStatusView.as_view()), name="hr_export_status"),
        path("hr/exports/<uuid:token>/download/", can_export(views.ExportDownloadView.as_view()), name="hr_export_download"),
        path("hr/exports/<uuid:token>/retry/", can_export(views.ExportRetryView.as_view()), name="hr_export_retry"),
    ]


@hooks.register("register_admin_menu_item")
def register_export_menu_item():
    return PermissionMenuItem(
        views.EXPORT_TITLE, reverse("hr_export"), icon_name="download", order=335, permission=EXPORT_PERMISSION
    )


class HRDayPanel(DashboardPanel):
    """HR's dashboard: sessions to take attendance for, applications to confirm, the latest exports and the
    rates dashboard, each shown to whoever may use it (a department manager sees their exports and rates)."""

    name = "hr_day"
    order = 100
    template_name = "hr/dashboard_panel.html"
    SESSIONS = 5
    EXPORTS = 5

    def is_shown(self):
        return any(value is not None for value in self.rows().values())

    @cached_property
    def _rows(self):
        """Each part of the panel, None where the user may not use it."""
        user = self.request.user
        return {
            "sessions": list(programme_selectors.sessions_needing_attendance()[: self.SESSIONS])
            if user.has_perm("programmes.manage_attendance") else None,
            "pending_registrations": programme_selectors.pending_registrations(user).count()
            if user.has_perm("programmes.change_registration") else None,
            "exports": list(recent_exports(user=user, limit=self.EXPORTS)) if user.has_perm(EXPORT_PERMISSION) else None,
            "rates_url": reverse("evaluation_rates") if roster_scope(user) is not None else None,
        }

    def rows(self):
        return self._rows


@hooks.register("construct_homepage_panels")
def add_hr_panel(request, panels):
    add_panels(request, panels, [HRDayPanel(request)])
