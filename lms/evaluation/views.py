from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lms.hr.selectors import EXPORT_PERMISSION
from lms.hr.services import request_registered_export
from lms.people.selectors import ALL_DEPARTMENTS, departments_visible_to, roster_scope

from .exports import FROZEN_RESULT_EXPORT, RATES_EXPORT, frozen_filters, rates_filters
from .forms import CopyRuleSetForm, FreezeForm, FrozenResultExportForm, RatesExportForm, RatesFilterForm, WhatIfForm
from .models import FrozenResult, RuleSet
from .selectors import (
    completions_by_month,
    department_people,
    differences_today,
    frozen_result_part,
    frozen_result_scope,
    what_if,
)
from .services import copy_rule_set, freeze_result


class EvaluationPageMixin(WagtailAdminTemplateMixin):
    """The page's title in its header: Wagtail's slim header names the last breadcrumb, which is 홈 unless
    the view adds its own. `parent` is the (url name, label) of the page it is reached from, if any."""

    parent = None

    def get_breadcrumbs_items(self):
        parents = [{"url": reverse(self.parent[0]), "label": self.parent[1]}] if self.parent else []
        return self.breadcrumbs_items + parents + [{"url": "", "label": self.get_page_title()}]


RULE_SETS = ("wagtailsnippets_evaluation_ruleset:list", "가점 기준")
RATES = ("evaluation_rates", "부서별 이수율")
FROZEN_RESULTS = ("evaluation_frozen_results", "확정된 평가 결과")


class CopyRuleSetView(PermissionCheckedMixin, EvaluationPageMixin, FormView):
    """Start a new year's rules from an earlier year's (the usual way a year begins)."""

    page_title = "지난 기준 복사"
    parent = RULE_SETS
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


class RatesDashboardView(ScopedMixin, EvaluationPageMixin, TemplateView):
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
        kinds, categories, minimum, label = form.counted_definition()
        table, rates = form.scoped_rates(self.scope)
        scope_root = None if self.scope is ALL_DEPARTMENTS else table.for_department(self.scope.pk)
        top_depth = scope_root.depth + 1 if scope_root else min((rate.depth for rate in table.departments), default=1) + 1
        chart_units = [rate for rate in rates if rate.depth == top_depth and rate.total.staff][:30]
        summary = scope_root.total if scope_root else table.overall
        months = completions_by_month(year=data["year"], kinds=kinds, categories=categories, within=self.scope if scope_root else None)
        context.update(
            rule_set=RuleSet.objects.filter(evaluation_year=data["year"]).first(),
            frozen=FrozenResult.objects.filter(evaluation_year=data["year"]).first(),
            label=label,
            minimum=minimum,
            rates=rates,
            tree_order=data["sort"] == "tree",
            summary=summary,
            splits=None if scope_root else {**table.by_location, **table.by_intensity},
            months=months,
            query=self.request.GET.urlencode(),
            export_form=RatesExportForm() if self.request.user.has_perm(EXPORT_PERMISSION) else None,
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


class RatesExportView(ScopedMixin, View):
    """POST from the dashboard: its numbers, as filtered, through HR's audited export (purpose, audit row,
    hash, logged downloads); then HR's status page, where the file is downloaded."""

    def post(self, request):
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        filters, export_form = RatesFilterForm(request.POST), RatesExportForm(request.POST)
        back = f"{reverse('evaluation_rates')}?{urlencode({name: request.POST.get(name, '') for name in filters.fields})}"
        if not (filters.is_valid() and export_form.is_valid()):
            for errors in list(filters.errors.values()) + list(export_form.errors.values()):
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        export = request_registered_export(
            requested_by=request.user, kind_key=RATES_EXPORT.key, file_format=export_form.cleaned_data["file_format"],
            purpose=export_form.cleaned_data["purpose"], filters=rates_filters(filters, self.scope),
        )
        return redirect("hr_export_status", token=export.token)


class DepartmentPeopleView(ScopedMixin, EvaluationPageMixin, TemplateView):
    parent = RATES
    """Drill-down: the people of one department (and below) on the 기준일, with their completions."""

    header_icon = "group"
    template_name = "evaluation/department_people.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = self.department
        form = RatesFilterForm(self.request.GET)
        context.update(form=form, department=department, query=self.request.GET.urlencode())
        if form.is_valid():
            kinds, categories, minimum, label = form.counted_definition()
            data = form.cleaned_data
            context.update(
                label=label,
                people=department_people(
                    department=department, year=data["year"], reference_date=data["reference_date"],
                    kinds=kinds, categories=categories, minimum_completions=minimum,
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


class RuleSetMixin:
    permission = "evaluation.view_ruleset"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.rule_set = get_object_or_404(RuleSet, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.rule_set)


class WhatIfView(RuleSetMixin, EvaluationPageMixin, TemplateView):
    parent = RULE_SETS
    """What every department would get under the draft, beside the published version, on today's data."""

    page_title = "가점 미리보기"
    header_icon = "view"
    template_name = "evaluation/what_if.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        default_day = min(timezone.localdate(), date(self.rule_set.evaluation_year, 12, 31))
        form = WhatIfForm(self.request.GET or {"reference_date": default_day.isoformat()})
        changes = None
        if form.is_valid():
            changes = what_if(rule_set=self.rule_set, reference_date=form.cleaned_data["reference_date"])
            changes.sort(key=lambda change: (-abs(change.difference), change.department.path))
        maps_institution_score = bool(changes) and any(
            change.current_institution_score is not None or change.draft_institution_score is not None for change in changes
        )
        return {**context, "form": form, "rule_set": self.rule_set, "changes": changes, "maps_institution_score": maps_institution_score}


class FreezeView(RuleSetMixin, EvaluationPageMixin, FormView):
    parent = RULE_SETS
    permission = "evaluation.freeze_result"
    page_title = "평가 결과 확정"
    header_icon = "lock"
    template_name = "evaluation/freeze.html"
    form_class = FreezeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rule_set": self.rule_set}

    def form_valid(self, form):
        try:
            frozen = freeze_result(
                rule_set=self.rule_set, reference_date=form.cleaned_data["reference_date"], user=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{frozen.evaluation_year}년 결과를 확정했습니다.")
        return redirect("evaluation_frozen_result", frozen.pk)

    def get_context_data(self, **kwargs):
        published = self.rule_set.live_revision.as_object() if self.rule_set.live_revision_id else self.rule_set
        return super().get_context_data(rule_set=self.rule_set, institution_bands=published.institution_bands, **kwargs)


class FrozenResultScopeMixin:
    """HR sees frozen results whole, a department manager the rows of their subtree; others nothing."""

    def dispatch(self, request, *args, **kwargs):
        self.scope = frozen_result_scope(request.user)
        if self.scope is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FrozenResultIndexView(FrozenResultScopeMixin, EvaluationPageMixin, TemplateView):
    page_title = "확정된 평가 결과"
    header_icon = "lock"
    template_name = "evaluation/frozen_results.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            frozen_results=FrozenResult.objects.select_related("rule_set"), whole=self.scope is ALL_DEPARTMENTS, **kwargs
        )


class FrozenResultMixin(FrozenResultScopeMixin):
    """One frozen result, cut to the viewer's scope and to ?department= within it (404 outside it)."""

    @cached_property
    def frozen(self):
        return get_object_or_404(FrozenResult.objects.select_related("rule_set", "revision", "frozen_by"), pk=self.kwargs["pk"])

    @cached_property
    def part(self):
        department = self.request.GET.get("department", "")
        if department and not department.isdigit():
            raise Http404
        part = frozen_result_part(self.frozen, scope=self.scope, department_id=int(department) if department else None)
        if part is None:
            raise Http404
        return part


class FrozenResultView(FrozenResultMixin, EvaluationPageMixin, TemplateView):
    parent = FROZEN_RESULTS
    page_title = "확정된 평가 결과"
    header_icon = "lock"
    template_name = "evaluation/frozen_result.html"

    def get_page_subtitle(self):
        return str(self.frozen)

    def get_context_data(self, **kwargs):
        part = self.part
        items = [row["items"] for row in part.results[:1]]
        codes = {row["code"] for row in part.results}
        return super().get_context_data(
            frozen=self.frozen,
            part=part,
            item_names=[item["name"] for item in items[0]] if items else [],
            differences=[difference for difference in differences_today(self.frozen) if difference.code in codes],
            maps_institution_score=any(row.get("institution_score") is not None for row in part.results),
            query=self.request.GET.urlencode(),
            export_form=FrozenResultExportForm() if self.request.user.has_perm(EXPORT_PERMISSION) else None,
            **kwargs,
        )


class FrozenResultExportView(FrozenResultMixin, View):
    """POST from the frozen result's page: its workbook (the viewer's part) through HR's audited export."""

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        part = self.part  # 404 outside the viewer's scope, before anything is recorded
        form = FrozenResultExportForm(request.POST)
        if not form.is_valid():
            for error in form.errors["purpose"]:
                messages.error(request, error)
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(reverse("evaluation_frozen_result", args=[self.frozen.pk]) + query)
        export = request_registered_export(
            requested_by=request.user, kind_key=FROZEN_RESULT_EXPORT.key, file_format="xlsx",
            purpose=form.cleaned_data["purpose"], filters=frozen_filters(part),
        )
        return redirect("hr_export_status", token=export.token)
