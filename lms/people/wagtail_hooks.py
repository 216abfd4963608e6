"""Wagtail admin for HR: the department tree, the staff roster and the roster import."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django_filters import BooleanFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import models as generic_views
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.home.menus import PermissionMenuItem

from . import views
from .forms import DepartmentForm, StaffProfileForm
from .models import Department, StaffProfile
from .selectors import (
    department_in_use_message,
    departments_for_listing,
    departments_visible_to,
    membership_history,
    membership_history_visible_to,
    staff_visible_to,
)

IMPORT_PERMISSION = "people.import_roster"


class DepartmentDeleteView(SnippetDeleteView):
    """Deleting a treebeard node deletes its whole subtree, so only empty leaves may go."""

    def get(self, request, *args, **kwargs):
        return self.refuse_if_in_use() or super().get(request, *args, **kwargs)

    def form_valid(self, form):
        return self.refuse_if_in_use() or super().form_valid(form)

    def refuse_if_in_use(self):
        message = department_in_use_message(self.object)
        if message:
            messages.error(self.request, message)
            return redirect(self.edit_url_name, quote(self.object.pk))
        return None


class DepartmentSearchForm(BaseFilterForm):
    """Chooser search on name or code with the ORM (departments are not in the search index)."""

    q = forms.CharField(
        label="부서명 또는 부서코드",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "부서명 또는 부서코드로 검색"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(code__icontains=query))
            self.is_searching, self.search_query = True, query
        return objects


class DepartmentChooseView(snippet_chooser.ChooseView):
    filter_form_class = DepartmentSearchForm


class DepartmentChooseResultsView(snippet_chooser.ChooseResultsView):
    filter_form_class = DepartmentSearchForm


class DepartmentChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = DepartmentChooseView
    choose_results_view_class = DepartmentChooseResultsView


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "site"
    menu_label = "부서"
    menu_order = 310
    add_to_admin_menu = True
    ordering = "path"
    list_display = [
        "name",
        "code",
        Column("parent_name", label="상위 부서"),
        "kind",
        BooleanColumn("high_intensity", label="고강도 민원접점"),
        Column("staff_count", label="직원 수", sort_key="staff_count"),
        BooleanColumn("is_active", label="사용"),
    ]
    list_filter = ["kind", "high_intensity", "is_active"]
    search_fields = ["name", "code"]
    search_backend_name = None
    delete_view_class = DepartmentDeleteView
    chooser_viewset_class = DepartmentChooserViewSet
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldPanel("name"),
            FieldPanel("parent"),
            FieldPanel("kind"),
            FieldPanel("high_intensity"),
            FieldPanel("is_active"),
        ],
        base_form_class=DepartmentForm,
    )

    def get_queryset(self, request):
        return departments_for_listing()


register_snippet(DepartmentViewSet)


class StaffPermissionPolicy(ModelPermissionPolicy):
    """Staff come and go only through the roster import: nobody adds or deletes them here."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(StaffProfile, StaffPermissionPolicy(StaffProfile))


class StaffFilterSet(WagtailFilterSet):
    department = ModelChoiceFilter(
        label="부서(하위 부서 포함)",
        queryset=lambda request: departments_visible_to(request.user),
        method="filter_department_subtree",
    )
    active = BooleanFilter(field_name="user__is_active", label="재직 중")

    class Meta:
        model = StaffProfile
        fields = []

    def filter_department_subtree(self, queryset, name, value):
        return queryset.filter(department__path__startswith=value.path)


class StaffIndexView(generic_views.IndexView):
    def get_base_queryset(self):
        return staff_visible_to(self.request.user)


class StaffEditView(generic_views.EditView):
    def get_queryset(self):
        return staff_visible_to(self.request.user)

    def save_instance(self):
        with transaction.atomic():  # the profile and its history change together
            return super().save_instance()


class StaffInspectView(generic_views.InspectView):
    """A person's profile and their 부서 이력; a department manager sees only the memberships in their subtree."""

    template_name = "people/admin/staff_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(staff_visible_to(self.request.user), pk=unquote(str(self.pk)))

    def get_context_data(self, **kwargs):
        visible = list(membership_history_visible_to(self.request.user, user=self.object.user_id))
        hidden = membership_history(user=self.object.user_id).count() - len(visible)
        return super().get_context_data(memberships=visible, hidden_memberships=hidden, **kwargs)


class PersonRecordColumn(TitleColumn):
    """A link to the person's completion record (lms/hr's page, which applies this listing's scope)."""

    def __init__(self):
        super().__init__(
            "completion_record",
            label="이수 기록",
            accessor=lambda profile: "이수 기록",
            get_url=lambda profile: reverse("hr_person_record", args=[profile.user_id]),
        )

    def get_link_attrs(self, instance, parent_context):
        return {"aria-label": f"{instance.user.name or instance.user.username} 이수 기록"}


class StaffViewSet(ModelViewSet):
    """The roster: HR sees everyone, a department manager only their own subtree."""

    model = StaffProfile
    name = "people_staff"
    url_prefix = "people/staff"
    icon = "group"
    menu_label = "직원 명단"
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = StaffIndexView
    edit_view_class = StaffEditView
    inspect_view_class = StaffInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["user", "department", "rank", "active_from", "active_until", "managed_department"]
    copy_view_enabled = False
    ordering = "user__username"
    list_display = [
        Column("employee_number", label="직원번호", accessor="user.username", sort_key="user__username"),
        Column("name", label="성명", accessor="user.name", sort_key="user__name"),
        Column("department", label="부서", accessor="department.name", sort_key="department__path"),
        "rank",
        Column("email", label="이메일", accessor="user.email"),
        BooleanColumn("is_active", label="재직", accessor="user.is_active"),
        PersonRecordColumn(),
    ]
    filterset_class = StaffFilterSet
    search_fields = ["user__name", "user__username"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("department", help_text="바꾸면 오늘 날짜로 전보되어 부서 이력에 기록됩니다."),
            FieldPanel("rank", help_text="바꾸면 오늘 날짜로 부서 이력에 기록됩니다."),
            FieldPanel("active_from"),
            FieldPanel("active_until"),
            FieldPanel("managed_department"),
        ],
        base_form_class=StaffProfileForm,
    )


@hooks.register("register_admin_viewset")
def register_staff_viewset():
    return StaffViewSet()


@hooks.register("register_admin_urls")
def register_roster_import_urls():
    guard = permission_required(IMPORT_PERMISSION)
    return [
        path("people/roster-import/", guard(views.RosterUploadView.as_view()), name="people_roster_import"),
        path(
            "people/roster-import/<uuid:token>/",
            guard(views.RosterPreviewView.as_view()),
            name="people_roster_preview",
        ),
        path(
            "people/roster-import/<uuid:token>/result/",
            guard(views.RosterResultView.as_view()),
            name="people_roster_result",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return PermissionMenuItem(
        "직원 명단 가져오기",
        reverse("people_roster_import"),
        icon_name="upload",
        order=330,
        permission=IMPORT_PERMISSION,
    )


@hooks.register("register_admin_viewset")
def register_login_security_viewsets():
    from .lockouts import LoginSecurityViewSetGroup

    return LoginSecurityViewSetGroup()
