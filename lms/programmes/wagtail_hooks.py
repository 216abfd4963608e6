"""The 집합교육 menu in the Wagtail admin: programmes, sessions, kinds, applications, attendance and
the two imports. HR manages everything; a department manager reads the applications and attendance
of their own subtree's people; nobody else sees any of it."""

from django import forms
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import models as generic_views
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.home.columns import CalendarColumn
from lms.home.menus import PermissionMenuItem

from . import admin_views, selectors, services
from .models import Attendance, ImportKind, Programme, ProgrammeKind, Registration, Session


class ProgrammeKindViewSet(SnippetViewSet):
    model = ProgrammeKind
    icon = "tag"
    menu_label = "교육 종류"
    list_display = ["name", BooleanColumn("visiting", label="방문 교육"), "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("visiting"), FieldPanel("sort_order")]


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "group"
    menu_label = "프로그램"
    list_display = ["title", "kind", "year", "audience", "instructor_type", "instructor"]
    list_filter = ["kind", "year", "audience", "instructor_type"]
    search_fields = ["title", "instructor"]
    search_backend_name = None
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind", widget=forms.Select), FieldPanel("year")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("departments", widget=forms.CheckboxSelectMultiple)], heading="교육 대상"
        ),
        MultiFieldPanel(
            [FieldPanel("instructor_type"), FieldPanel("instructor"), FieldPanel("organiser")], heading="강사·운영"
        ),
    ]


class SessionIndexView(generic_views.IndexView):
    def get_base_queryset(self):
        return selectors.with_places_taken(Session.objects.select_related("programme"))

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        user = self.request.user
        if user.has_perm("programmes.change_registration"):
            buttons.append(
                ListingButton("신청자", url=reverse("programmes_session_registrations", args=[instance.pk]), icon_name="group", priority=5)
            )
        if user.has_perm("programmes.manage_attendance"):
            buttons.append(
                ListingButton("출석 확인", url=reverse("programmes_check_in", args=[instance.pk]), icon_name="check", priority=6)
            )
            buttons.append(
                ListingButton(
                    "출석 가져오기",
                    url=reverse("programmes_import_attendance:upload") + f"?session={instance.pk}",
                    icon_name="upload",
                    priority=7,
                )
            )
        return buttons


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = "교육 회차"
    index_view_class = SessionIndexView
    ordering = "-starts_at"
    list_display = [
        "__str__",
        CalendarColumn("starts_at", label="시작", sort_key="starts_at"),
        "place",
        Column("places", label="신청/정원", accessor=lambda session: f"{session.places_taken}/{session.capacity}"),
        Column("hours", label="인정 시간", accessor=lambda session: f"{session.hours.normalize():f}시간", sort_key="hours"),
        BooleanColumn("open_for_application", label="신청 받기"),
    ]
    list_filter = ["programme__kind", "programme__year", "open_for_application"]
    search_fields = ["label", "place", "programme__title"]
    search_backend_name = None
    panels = [
        FieldPanel("programme", widget=forms.Select),
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("hours")]),
        FieldPanel("visited_department"),
        FieldPanel("open_for_application"),
        FieldPanel("registration_required"),
    ]


class ServicesOnlyPolicy(ModelPermissionPolicy):
    """Applications change only through the services (the waiting list must follow every change), and
    attendance is added only by check-in or import: the generic admin forms never write them."""

    refused = {"add", "change"}

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)


class RegistrationPolicy(ServicesOnlyPolicy):
    refused = {"add", "change", "delete"}


register_permission_policy(Registration, RegistrationPolicy(Registration))
register_permission_policy(Attendance, ServicesOnlyPolicy(Attendance))


class ScopedIndexView(generic_views.IndexView):
    """HR sees every row; a department manager only the rows of their subtree's people."""

    visible_to = None

    def get_base_queryset(self):
        return type(self).visible_to(self.request.user)


class RegistrationIndexView(ScopedIndexView):
    visible_to = staticmethod(selectors.registrations_visible_to)


class AttendanceIndexView(ScopedIndexView):
    visible_to = staticmethod(selectors.attendances_visible_to)


class AttendanceDeleteView(generic_views.DeleteView):
    """Removing an attendance revokes the completion record it stood for."""

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.attendances_visible_to(self.request.user), pk=unquote(str(self.kwargs["pk"])))

    def delete_action(self):
        services.remove_attendance(attendance=self.object)


PERSON_COLUMNS = [
    Column("employee_number", label="직원번호", accessor="user.username", sort_key="user__username"),
    Column("name", label="성명", accessor="user.name", sort_key="user__name"),
    Column("department", label="부서", accessor="user.profile.department.name"),
]


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "programmes_registrations"
    url_prefix = "programmes/registrations"
    icon = "list-ul"
    menu_label = "교육 신청"
    index_view_class = RegistrationIndexView
    copy_view_enabled = False
    ordering = "-applied_at"
    list_display = [*PERSON_COLUMNS, Column("session", label="회차"), "status", DateColumn("applied_at", label="신청 시각")]
    list_filter = ["status", "session__programme__kind", "session__programme__year"]
    search_fields = ["user__name", "user__username", "session__programme__title"]
    search_backend_name = None
    form_fields = []


class AttendanceViewSet(ModelViewSet):
    model = Attendance
    name = "programmes_attendance"
    url_prefix = "programmes/attendance"
    icon = "check"
    menu_label = "출석"
    index_view_class = AttendanceIndexView
    delete_view_class = AttendanceDeleteView
    copy_view_enabled = False
    ordering = "-attended_on"
    list_display = [*PERSON_COLUMNS, Column("session", label="회차"), CalendarColumn("attended_on", label="출석일", sort_key="attended_on"), "method"]
    list_filter = ["method", "session__programme__kind", "session__programme__year"]
    search_fields = ["user__name", "user__username", "session__programme__title"]
    search_backend_name = None
    form_fields = []


class ImportViewSet(ViewSet):
    """Upload → preview → result for one kind of import, as an item of the 집합교육 menu."""

    kind = None
    icon = "upload"

    @property
    def menu_label(self):
        return admin_views.IMPORTS[self.kind]["title"]

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            self.menu_label,
            reverse(f"programmes_import_{self.kind}:upload"),
            icon_name=self.icon,
            order=self.get_menu_item_order(order),
            permission=admin_views.IMPORTS[self.kind]["permission"],
        )

    def get_urlpatterns(self):
        kind = self.kind
        return [
            path("", admin_views.ImportUploadView.as_view(kind=kind), name="upload"),
            path("<uuid:token>/", admin_views.ImportPreviewView.as_view(kind=kind), name="preview"),
            path("<uuid:token>/result/", admin_views.ImportResultView.as_view(kind=kind), name="result"),
        ]


class ProgrammesMenu(SnippetViewSetGroup):
    menu_label = "집합교육"
    menu_icon = "group"
    menu_order = 340
    items = (
        ProgrammeViewSet,
        SessionViewSet,
        RegistrationViewSet,
        AttendanceViewSet,
        ImportViewSet("programmes_import_attendance", kind=ImportKind.ATTENDANCE.value, url_prefix="programmes/import-attendance"),
        ImportViewSet("programmes_import_completions", kind=ImportKind.COMPLETIONS.value, url_prefix="programmes/import-completions"),
        ProgrammeKindViewSet,
    )


register_snippet(ProgrammesMenu)


@hooks.register("register_admin_urls")
def register_session_urls():
    return [
        path(
            "programmes/sessions/<int:pk>/registrations/",
            admin_views.SessionRegistrationsView.as_view(),
            name="programmes_session_registrations",
        ),
        path("programmes/sessions/<int:pk>/check-in/", admin_views.CheckInView.as_view(), name="programmes_check_in"),
    ]


# Surveys and reports name a session's programme by its title (lms/surveys' GROUP_TITLES_HOOK).
hooks.register("describe_item_groups", selectors.programme_titles)
