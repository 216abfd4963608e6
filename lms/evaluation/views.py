from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lms.people.selectors import ALL_DEPARTMENTS, departments_visible_to, roster_scope

from .forms import CopyRuleSetForm, RatesFilterForm
from .selectors import completions_by_month, department_people, department_rates
from .services import copy_rule_set


class CopyRuleSetView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Start a new year's rules from an earlier year's (the usual way a year begins)."""

    page_title = "지난 기준 복사"
    header_icon = "copy"
    template_name = "evaluation/copy_rule_set.html"
    form_class = CopyRuleSetForm
    permission_required = "add"
    edit_url_name = None  # set by the viewset
    index_url_name = None

    def form_valid(self, form):
        copy = copy_rule_set(
            source=form.cleaned_data["source"], evaluation_year=form.cleaned_data["evaluation_year"], user=self.request.user
        )
        messages.success(self.request, f"{copy.evaluation_year}년 가점 기준 초안을 만들었습니다. 고친 뒤 게시하세요.")
        return redirect(self.edit_url_name, copy.pk)


class ScopedMixin:
    """HR sees the whole organisation; a department manager only their subtree; anyone else nothing."""

    def dispatch(self, request, *args, **kwargs):
        self.scope = roster_scope(request.user)
        if self.scope is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def within(self, department_path):
        return self.scope is ALL_DEPARTMENTS or department_path.startswith(self.scope.path)


SORT_KEYS = {
    "rate_desc": lambda rate: (rate.total.rate is None, -(rate.total.rate or 0)),
    "rate_asc": lambda rate: (rate.total.rate is None, rate.total.rate or 0),
    "staff_desc": lambda rate: -rate.total.staff,
}
SPLIT_TESTS = {
    "hq": lambda rate: not rate.field_office,
    "field": lambda rate: rate.field_office,
    "high": lambda rate: rate.high_intensity,
    "ordinary": lambda rate: not rate.high_intensity,
}


class RatesDashboardView(ScopedMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "부서별 이수율"
    header_icon = "table"
    template_name = "evaluation/rates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = RatesFilterForm(self.request.GET)
        context["form"] = form
        if not form.is_valid():
            return context
        data = form.cleaned_data
        kinds, minimum, label = form.counted_definition()
        table = department_rates(
            year=data["year"], reference_date=data["reference_date"], kinds=kinds,
            minimum_completions=minimum, attribution=data["attribution"],
        )
        rates = [rate for rate in table.departments if self.within(rate.path)]
        if data["split"]:
            rates = [rate for rate in rates if SPLIT_TESTS[data["split"]](rate)]
        if data["sort"] in SORT_KEYS:
            rates = sorted(rates, key=SORT_KEYS[data["sort"]])
        scope_root = None if self.scope is ALL_DEPARTMENTS else table.for_department(self.scope.pk)
        top_depth = scope_root.depth + 1 if scope_root else min((rate.depth for rate in table.departments), default=1) + 1
        chart_units = [rate for rate in rates if rate.depth == top_depth and rate.total.staff][:30]
        summary = scope_root.total if scope_root else table.overall
        months = completions_by_month(year=data["year"], kinds=kinds, within=self.scope if scope_root else None)
        context.update(
            label=label,
            minimum=minimum,
            rates=rates,
            tree_order=data["sort"] == "tree",
            summary=summary,
            splits=None if scope_root else {**table.by_location, **table.by_intensity},
            months=months,
            query=self.request.GET.urlencode(),
            chart_data={
                "departments": {"labels": [rate.name for rate in chart_units], "rates": [float(rate.total.rate or 0) for rate in chart_units]},
                "months": {"labels": [f"{month}월" for month, _ in months], "counts": [count for _, count in months]},
                "splits": None if scope_root else {
                    "labels": ["고강도 민원접점", "일반"],
                    "rates": [float(table.by_intensity[name].rate or 0) for name in ("고강도 민원접점", "일반")],
                },
            },
        )
        return context


class DepartmentPeopleView(ScopedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Drill-down: the people of one department (and below) on the 기준일, with their completions."""

    header_icon = "group"
    template_name = "evaluation/department_people.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = self.department
        form = RatesFilterForm(self.request.GET)
        context.update(form=form, department=department, query=self.request.GET.urlencode())
        if form.is_valid():
            kinds, minimum, label = form.counted_definition()
            data = form.cleaned_data
            context.update(
                label=label,
                people=department_people(
                    department=department, year=data["year"], reference_date=data["reference_date"],
                    kinds=kinds, minimum_completions=minimum,
                ),
            )
        return context

    page_title = "부서원 이수 현황"

    @cached_property
    def department(self):
        """Only a department the viewer may see: another subtree's id answers 404, as if it did not exist."""
        return get_object_or_404(departments_visible_to(self.request.user), pk=self.kwargs["department_id"])

    def get_page_subtitle(self):
        return self.department.name
