"""HR's console in the Wagtail admin: a person's record, exports and their status, downloads.

Every object is looked up within the viewer's scope (`selectors`), so a guessed id answers 404:
a person outside a manager's subtree, an export someone else requested.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors, services
from .forms import ExportForm, PersonExportForm
from .models import DataExport, ExportReport, ExportStatus

EXPORT_TITLE = "이수 기록 내보내기"
STATUS_REFRESH_SECONDS = 5


def _person_profile(request, user_id):
    return get_object_or_404(selectors.people_visible_to(request.user), user_id=user_id)


class PersonRecordView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "hr/person_record.html"
    page_title = "이수 기록"
    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        self.profile = _person_profile(request, kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.profile.user)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("people_staff:index"), "label": "직원 명단"},
            {"url": "", "label": f"{self.profile.user} 이수 기록"},
        ]

    def get_context_data(self, **kwargs):
        records = selectors.person_completions(viewer=self.request.user, user=self.profile.user)
        scope = selectors.record_scope(self.request.user)
        can_export = self.request.user.has_perm(selectors.EXPORT_PERMISSION)
        return super().get_context_data(
            profile=self.profile,
            years=selectors.completions_by_year(records.select_related("department")),
            limited_to=None if scope is selectors.ALL_DEPARTMENTS else scope,
            export_form=PersonExportForm() if can_export else None,
            **kwargs,
        )


class ExportMixin(WagtailAdminTemplateMixin):
    page_title = EXPORT_TITLE
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("hr_export"), "label": EXPORT_TITLE}]


class ExportFormView(ExportMixin, FormView):
    template_name = "hr/export_form.html"
    form_class = ExportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        export = services.request_export(
            requested_by=self.request.user, report=data["report"], file_format=data["file_format"], year=data["year"],
            department=data["department"], kind_keys=data["kinds"], include_email=data["include_email"],
            purpose=data["purpose"], reference_date=data["reference_date"],
        )
        return redirect("hr_export_status", token=export.token)

    def get_context_data(self, **kwargs):
        recent = selectors.recent_exports(user=self.request.user)
        return super().get_context_data(
            recent_exports=recent, retention_hours=settings.HR_EXPORT_RETENTION_HOURS, **kwargs
        )


class PersonExportView(View):
    """POST from a person's record page: export that person's completions of one year."""

    def post(self, request, user_id):
        profile = _person_profile(request, user_id)
        form = PersonExportForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("hr_person_record", user_id=profile.user_id)
        data = form.cleaned_data
        export = services.request_export(
            requested_by=request.user, report=ExportReport.PERSON, file_format=data["file_format"], year=data["year"],
            person=profile.user, include_email=data["include_email"], purpose=data["purpose"],
        )
        return redirect("hr_export_status", token=export.token)


def _own_export(request, token):
    return get_object_or_404(DataExport, token=token, requested_by=request.user)


class ExportStatusView(ExportMixin, TemplateView):
    template_name = "hr/export_status.html"

    def get_context_data(self, **kwargs):
        export = _own_export(self.request, kwargs["token"])
        return super().get_context_data(
            export=export,
            in_progress=export.status in {ExportStatus.PENDING, ExportStatus.RUNNING},
            downloads=export.downloads.select_related("downloaded_by"),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["in_progress"]:
            response["Refresh"] = str(STATUS_REFRESH_SECONDS)  # no script: the browser reloads the status
        return response


class ExportDownloadView(View):
    """POST, since every download is written to the audit log."""

    def post(self, request, token):
        export = _own_export(request, token)
        try:
            handle = services.record_download(export, user=request.user)
        except services.ExportUnavailable as refused:
            messages.error(request, str(refused))
            return redirect("hr_export_status", token=export.token)
        return FileResponse(handle, as_attachment=True, filename=export.filename)


class ExportRetryView(View):
    def post(self, request, token):
        export = _own_export(request, token)
        try:
            services.retry_export(export, user=request.user)
        except (ValidationError, PermissionDenied) as refused:
            messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
        else:
            messages.success(request, "내보내기를 다시 시도합니다.")
        return redirect("hr_export_status", token=export.token)
