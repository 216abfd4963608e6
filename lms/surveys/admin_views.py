"""HR's and department managers' survey results in the Wagtail admin: programmes (a report view with
export), then one programme's or one item's results by question, session and department."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from . import selectors

TITLE = "만족도 조사 결과"


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="평가 연도", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}년") for year in years]


class ResultsMixin:
    """Only for someone with a results scope (HR: all; a manager: their subtree); always one year, since
    results of several years next to one year's would give the other years' small groups away."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.may_view_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def year_form(self):
        return YearForm(self.request.GET or None, years=selectors.years_with_responses(self.request.user))

    @cached_property
    def year(self):
        form = self.year_form
        return form.cleaned_data["year"] if form.is_valid() else selectors.years_with_responses(self.request.user)[0]

    @cached_property
    def responses(self):
        return selectors.responses_visible_to(self.request.user, year=self.year)

    def scope_label(self):
        scope = selectors.results_scope(self.request.user)
        return "전체 부서" if scope is selectors.ALL_DEPARTMENTS else f"{scope.name} 및 하위 부서"


class SurveyResultsView(ResultsMixin, ReportView):
    page_title = TITLE
    header_icon = "list-ul"
    template_name = "surveys/admin/results_index.html"
    index_url_name = "surveys_results:index"
    index_results_url_name = "surveys_results:index"
    paginate_by = None
    columns = [
        TitleColumn("label", label="프로그램·과정", get_url=lambda cell: cell.detail_url if cell.shown else None),
        Column("kind_label", label="학습 유형"),
        Column("responses_display", label="응답"),
        Column("mean_share_display", label="만족도 (문항 평균)"),
    ]
    list_export = ["label", "kind_label", "responses_display", "mean_share_display"]
    export_headings = {
        "label": "프로그램·과정",
        "kind_label": "학습 유형",
        "responses_display": "응답",
        "mean_share_display": "만족도(문항 평균)",
    }

    def get_filename(self):
        return f"만족도조사-{self.year}"

    def get_filtered_queryset(self):
        return selectors.programme_results(self.responses)

    def decorate_paginated_queryset(self, object_list):
        for cell in object_list:
            cell.detail_url = f"{reverse('surveys_results:programme')}?year={self.year}&programme={cell.key}"
        return object_list

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year_form=self.year_form,
            year=self.year,
            scope_label=self.scope_label(),
            minimum=selectors.MINIMUM_GROUP,
            **kwargs,
        )


class ResultDetailView(ResultsMixin, WagtailAdminTemplateMixin, TemplateView):
    """One programme (?programme=<key>): per question, by session and by department; or one item
    (?kind=&key=): per question only. Departments are never broken down within a session: a programme's
    department figure minus the department's figures in its other sessions would give a session's small
    department group back."""

    template_name = "surveys/admin/result_detail.html"
    header_icon = "list-ul"
    by_item = False

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": f"{reverse('surveys_results:index')}?year={self.year}", "label": TITLE},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def selected(self):
        if self.by_item:
            kind, key = self.request.GET.get("kind", ""), self.request.GET.get("key", "")
            return self.responses.filter(item_kind=kind, item_key=key)
        return self.responses.filter(programme_key=self.request.GET.get("programme", ""))

    @cached_property
    def title(self):
        first = self.selected.values("item_title", "programme_key", "item_kind", "item_key").first()
        if first is None:
            raise Http404("이 연도에 볼 수 있는 응답이 없습니다.")
        if self.by_item or first["programme_key"] == f"{first['item_kind']}:{first['item_key']}":
            return first["item_title"]
        return selectors.programme_titles(self.selected, [first["programme_key"]])[first["programme_key"]]

    def get_page_title(self):
        return self.title

    def get_context_data(self, **kwargs):
        if self.by_item:
            total = selectors.item_total(
                self.responses, kind=self.request.GET.get("kind", ""), key=self.request.GET.get("key", ""), label="전체"
            )
        else:
            total = selectors.total_result(self.selected, label="전체")
        items = [] if self.by_item else selectors.item_results(self.selected)
        departments = [] if self.by_item else selectors.department_results(self.selected)
        for cell in items + departments:
            cell.aligned = selectors.aligned_questions(cell, total.questions)
        for cell in items:
            cell.detail_url = f"{reverse('surveys_results:item')}?year={self.year}&kind={cell.key[0]}&key={cell.key[1]}"
        return super().get_context_data(
            year=self.year,
            scope_label=self.scope_label(),
            total=total,
            items=items if len(items) > 1 or (items and not self.is_own_item(items[0])) else [],
            departments=departments,
            comments=selectors.comments_of(self.selected, total),
            minimum=selectors.MINIMUM_GROUP,
            **kwargs,
        )

    def is_own_item(self, cell):
        return self.request.GET.get("programme") == f"{cell.key[0]}:{cell.key[1]}"
