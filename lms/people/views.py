"""Wagtail admin views for HR: upload a roster → dry-run preview → apply → result."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import RosterUploadForm
from .models import RosterUpload
from .roster import DeactivationNotConfirmed, RosterRefused
from .services import RosterAlreadyApplied, apply_roster_upload, preview_roster_upload, store_roster_upload

PAGE_TITLE = "직원 명단 가져오기"
CHANGE_LIST_LIMIT = 200  # changes listed by name on the preview; the counts are always complete


class RosterImportMixin(WagtailAdminTemplateMixin):
    page_title = PAGE_TITLE
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("people_roster_import"), "label": PAGE_TITLE}]


class UploadedRosterMixin(RosterImportMixin):
    """The upload named by the URL token; only the HR user who uploaded it may use it."""

    def dispatch(self, request, *args, **kwargs):
        self.upload = get_object_or_404(RosterUpload, token=kwargs["token"], uploaded_by=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.upload.original_name


class RosterUploadView(RosterImportMixin, FormView):
    template_name = "people/roster/upload.html"
    form_class = RosterUploadForm

    def form_valid(self, form):
        upload = store_roster_upload(
            file=form.cleaned_data["file"],
            full_import=form.cleaned_data["full_import"],
            reference_date=form.cleaned_data["reference_date"],
            user=self.request.user,
        )
        return redirect("people_roster_preview", token=upload.token)

    def get_context_data(self, **kwargs):
        recent = RosterUpload.objects.filter(applied_at__isnull=False).select_related("uploaded_by")
        return super().get_context_data(recent_imports=recent.order_by("-applied_at")[:10], **kwargs)


class RosterPreviewView(UploadedRosterMixin, TemplateView):
    template_name = "people/roster/preview.html"

    def get(self, request, *args, **kwargs):
        if self.upload.applied_at:
            return redirect("people_roster_result", token=self.upload.token)
        plan = preview_roster_upload(self.upload)
        return self.render_to_response(self.get_context_data(plan=plan))

    def post(self, request, *args, **kwargs):
        try:
            plan = apply_roster_upload(
                self.upload, confirmed_deactivations=typed_number(request.POST.get("confirm_deactivations"))
            )
        except RosterAlreadyApplied:
            return redirect("people_roster_result", token=self.upload.token)
        except (RosterRefused, DeactivationNotConfirmed) as refused:
            messages.error(request, str(refused))
            return self.render_to_response(
                self.get_context_data(plan=refused.plan, confirmation_error=isinstance(refused, DeactivationNotConfirmed))
            )
        messages.success(request, f"직원 명단을 적용했습니다: {plan.summary()}")
        return redirect("people_roster_result", token=self.upload.token)

    def get_context_data(self, **kwargs):
        plan = kwargs["plan"]
        return super().get_context_data(
            upload=self.upload,
            to_create=plan.to_create[:CHANGE_LIST_LIMIT],
            to_update=plan.to_update[:CHANGE_LIST_LIMIT],
            to_deactivate=plan.to_deactivate[:CHANGE_LIST_LIMIT],
            kept_by_later_history=plan.kept_by_later_history[:CHANGE_LIST_LIMIT],
            not_listed={
                name: max(0, len(getattr(plan, name)) - CHANGE_LIST_LIMIT)
                for name in ("to_create", "to_update", "to_deactivate", "kept_by_later_history")
            },
            **kwargs,
        )


def typed_number(value):
    """The number HR typed to confirm deactivations ("7,429", " 7429 명" too), or None."""
    digits = "".join(character for character in (value or "") if character.isdigit())
    return int(digits) if digits else None


class RosterResultView(UploadedRosterMixin, TemplateView):
    template_name = "people/roster/result.html"

    def get(self, request, *args, **kwargs):
        if not self.upload.applied_at:
            return redirect("people_roster_preview", token=self.upload.token)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(upload=self.upload, counts=self.upload.result, **kwargs)
