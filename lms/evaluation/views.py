from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .forms import CopyRuleSetForm
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
