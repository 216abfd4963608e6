"""Wagtail admin views for HR: a session's applications and check-in, and the two file imports
(upload → dry-run preview → apply → result)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.uploads import UploadAlreadyApplied

from . import selectors, services
from .forms import AttendanceUploadForm, CompletionUploadForm
from .imports import ImportRefused, apply_import_upload, preview_import_upload, store_import_upload
from .models import ImportKind, ImportUpload, Registration, RegistrationStatus, Session

SESSION_LISTING = "wagtailsnippets_programmes_session:list"
ROWS_LISTED = 300  # rows listed by name on a preview; the counts are always complete


class SessionMixin(WagtailAdminTemplateMixin):
    header_icon = "date"
    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.session = get_object_or_404(Session.objects.select_related("programme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(SESSION_LISTING), "label": "교육 회차"},
            {"url": "", "label": self.page_title},
        ]


class SessionRegistrationsView(SessionMixin, TemplateView):
    """Applications for one session in order, with 확정 and 취소 for each (a cancellation promotes the
    first person waiting)."""

    page_title = "신청자 관리"
    permission = "programmes.change_registration"
    template_name = "programmes/admin/registrations.html"

    def post(self, request, *args, **kwargs):
        registration = get_object_or_404(Registration, pk=request.POST.get("registration"), session=self.session)
        try:
            if request.POST.get("action") == "confirm":
                services.confirm_registration(registration=registration)
                messages.success(request, f"{registration.user} 님의 신청을 확정했습니다.")
            elif request.POST.get("action") == "cancel":
                promoted = services.cancel_registration(registration=registration)
                text = f"{registration.user} 님의 신청을 취소했습니다."
                if promoted:
                    text += " 대기자 " + ", ".join(str(person.user) for person in promoted) + " 님이 신청 상태가 되었습니다."
                messages.success(request, text)
        except services.ProgrammeError as error:
            messages.error(request, str(error))
        return redirect("programmes_session_registrations", pk=self.session.pk)

    def get_context_data(self, **kwargs):
        registrations = list(
            self.session.registrations.select_related("user__profile__department").order_by("applied_at", "pk")
        )
        waiting = [registration for registration in registrations if registration.status == RegistrationStatus.WAITLISTED]
        for position, registration in enumerate(waiting, start=1):
            registration.waiting_position = position
        return super().get_context_data(
            session=self.session, registrations=registrations, places_taken=selectors.places_taken(self.session), **kwargs
        )


class CheckInView(SessionMixin, TemplateView):
    """Tick who is here, on a phone at the door; unticking someone removes their attendance."""

    page_title = "출석 확인"
    permission = "programmes.manage_attendance"
    template_name = "programmes/admin/check_in.html"

    def post(self, request, *args, **kwargs):
        listed = _ids(request.POST.getlist("listed"))
        present = _ids(request.POST.getlist("present"))
        added, removed = services.check_in(
            session=self.session, present_user_ids=present, listed_user_ids=listed, recorded_by=request.user
        )
        messages.success(request, f"출석을 저장했습니다: 출석 추가 {added}명, 출석 취소 {removed}명")
        return redirect("programmes_check_in", pk=self.session.pk)

    def get_context_data(self, **kwargs):
        rows = selectors.check_in_list(self.session)
        return super().get_context_data(
            session=self.session, rows=rows, present_count=sum(1 for _, present in rows if present), **kwargs
        )


def _ids(values):
    return [int(value) for value in values if value.isdigit()]


IMPORTS = {
    ImportKind.ATTENDANCE: {"title": "출석 가져오기", "form": AttendanceUploadForm, "permission": "programmes.manage_attendance"},
    ImportKind.COMPLETIONS: {"title": "외부 이수 기록 가져오기", "form": CompletionUploadForm, "permission": "programmes.import_completions"},
}


class ImportMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    kind = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORTS[self.kind]["permission"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_title(self):
        return IMPORTS[self.kind]["title"]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse(f"programmes_import_{self.kind}:upload"), "label": self.page_title}]


class UploadedImportMixin(ImportMixin):
    """The upload named by the URL token; only the person who uploaded it may use it."""

    def dispatch(self, request, *args, **kwargs):
        self.upload = get_object_or_404(
            ImportUpload.objects.select_related("session__programme"),
            token=kwargs["token"],
            uploaded_by=request.user,
            kind=self.kind,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.upload.original_name


class ImportUploadView(ImportMixin, FormView):
    template_name = "programmes/admin/import_upload.html"

    def get_form_class(self):
        return IMPORTS[self.kind]["form"]

    def get_initial(self):
        session = self.request.GET.get("session")
        return {"session": session} if session and session.isdigit() else {}

    def form_valid(self, form):
        upload = store_import_upload(
            file=form.cleaned_data["file"], kind=self.kind, user=self.request.user, session=form.cleaned_data.get("session")
        )
        return redirect(f"programmes_import_{self.kind}:preview", token=upload.token)

    def get_context_data(self, **kwargs):
        recent = ImportUpload.objects.filter(kind=self.kind, applied_at__isnull=False).select_related("uploaded_by", "session__programme")
        return super().get_context_data(
            kind=self.kind, recent_imports=recent.order_by("-applied_at")[:10], **kwargs
        )


class ImportPreviewView(UploadedImportMixin, TemplateView):
    template_name = "programmes/admin/import_preview.html"

    def get(self, request, *args, **kwargs):
        if self.upload.applied_at:
            return redirect(f"programmes_import_{self.kind}:result", token=self.upload.token)
        return self.render_to_response(self.get_context_data(plan=preview_import_upload(self.upload)))

    def post(self, request, *args, **kwargs):
        try:
            plan = apply_import_upload(self.upload)
        except UploadAlreadyApplied:
            return redirect(f"programmes_import_{self.kind}:result", token=self.upload.token)
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return self.render_to_response(self.get_context_data(plan=refused.plan))
        messages.success(request, f"적용했습니다: {plan.summary()}")
        return redirect(f"programmes_import_{self.kind}:result", token=self.upload.token)

    def get_context_data(self, **kwargs):
        plan = kwargs["plan"]
        return super().get_context_data(
            kind=self.kind,
            upload=self.upload,
            to_write=plan.to_write[:ROWS_LISTED],
            not_listed=max(0, len(plan.to_write) - ROWS_LISTED),
            **kwargs,
        )


class ImportResultView(UploadedImportMixin, TemplateView):
    template_name = "programmes/admin/import_result.html"

    def get(self, request, *args, **kwargs):
        if not self.upload.applied_at:
            return redirect(f"programmes_import_{self.kind}:preview", token=self.upload.token)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, upload=self.upload, counts=self.upload.result, **kwargs)
