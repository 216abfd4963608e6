from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import RuleSet
from lms.people.selectors import roster_scope

from .selectors import frozen_result_scope

from .views import (
    CopyRuleSetView,
    DepartmentPeopleView,
    FreezeView,
    FrozenResultExportView,
    FrozenResultIndexView,
    FrozenResultView,
    RatesDashboardView,
    RatesExportView,
    WhatIfView,
)


class RuleSetIndexView(IndexView):
    copy_url_name = None

    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(HeaderButton("지난 기준 복사", url=reverse(self.copy_url_name), icon_name="copy"))
        return buttons


class RuleSetViewSet(SnippetViewSet):
    model = RuleSet
    icon = "pick"
    menu_label = "가점 기준"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["evaluation_year", "title", "total_cap", BooleanColumn("live", label="게시됨")]
    index_view_class = RuleSetIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(copy_url_name=self.get_url_name("copy"), **kwargs)

    @property
    def copy_view(self):
        return self.construct_view(
            CopyRuleSetView,
            permission_policy=self.permission_policy,
            edit_url_name=self.get_url_name("edit"),
            index_url_name=self.get_url_name("list"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("copy/", self.copy_view, name="copy")]


register_snippet(RuleSetViewSet)


@hooks.register("register_admin_urls")
def register_rates_urls():
    return [
        path("evaluation/rates/", RatesDashboardView.as_view(), name="evaluation_rates"),
        path("evaluation/rates/export/", RatesExportView.as_view(), name="evaluation_rates_export"),
        path(
            "evaluation/rates/department/<int:department_id>/",
            DepartmentPeopleView.as_view(),
            name="evaluation_department_people",
        ),
        path("evaluation/rules/<int:pk>/what-if/", WhatIfView.as_view(), name="evaluation_what_if"),
        path("evaluation/rules/<int:pk>/freeze/", FreezeView.as_view(), name="evaluation_freeze"),
        path("evaluation/frozen/", FrozenResultIndexView.as_view(), name="evaluation_frozen_results"),
        path("evaluation/frozen/<int:pk>/", FrozenResultView.as_view(), name="evaluation_frozen_result"),
        path("evaluation/frozen/<int:pk>/export/", FrozenResultExportView.as_view(), name="evaluation_frozen_result_export"),
    ]


class ScopedMenuItem(MenuItem):
    """Shown to whoever `scope(user)` gives some part of the organisation (HR all, a manager a subtree)."""

    def __init__(self, *args, scope, **kwargs):
        self.scope = scope
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.scope(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_rates_menu_item():
    return ScopedMenuItem("부서별 이수율", reverse("evaluation_rates"), icon_name="table", order=305, scope=roster_scope)


@hooks.register("register_admin_menu_item")
def register_frozen_results_menu_item():
    return ScopedMenuItem(
        "확정된 평가 결과", reverse("evaluation_frozen_results"), icon_name="lock", order=306, scope=frozen_result_scope
    )
