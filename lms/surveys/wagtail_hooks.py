"""만족도 조사 in the admin: HR edits question sets and which kinds are surveyed; HR and department
managers read the results (never single answers: responses have no admin listing at all)."""

from django import forms
from django.urls import path, reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.records.registry import learnable_kinds

from . import admin_views, selectors
from .models import QuestionSet, SurveyedKind


class QuestionSetViewSet(SnippetViewSet):
    model = QuestionSet
    icon = "form"
    menu_label = "질문지"
    list_display = ["name", "comment_prompt"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = True


class SurveyedKindForm(WagtailAdminModelForm):
    """The kind is one the records registry knows (course, offline session, …)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_kind"] = forms.ChoiceField(
            label="학습 유형",
            choices=[(kind.key, kind.label) for kind in learnable_kinds()],
            help_text="이 유형을 이수한 사람에게 설문을 보여 줍니다.",
        )


class SurveyedKindViewSet(SnippetViewSet):
    model = SurveyedKind
    icon = "check"
    menu_label = "조사 대상"
    list_display = ["__str__", "question_set", BooleanColumn("is_enabled", label="사용"), "open_days"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("item_kind"), FieldPanel("question_set"), FieldPanel("is_enabled"), FieldPanel("open_days")],
        base_form_class=SurveyedKindForm,
    )


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.may_view_results(request.user)


class SurveyResultsViewSet(ViewSet):
    name = "surveys_results"
    url_prefix = "surveys/results"
    icon = "list-ul"
    menu_label = "결과"
    menu_item_class = ResultsMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.SurveyResultsView.as_view(), name="index"),
            path("programme/", admin_views.ResultDetailView.as_view(), name="programme"),
            path("item/", admin_views.ResultDetailView.as_view(by_item=True), name="item"),
        ]

    @property
    def menu_url(self):
        return reverse("surveys_results:index")


class SurveysViewSetGroup(SnippetViewSetGroup):
    menu_label = "만족도 조사"
    menu_icon = "list-ul"
    menu_order = 360
    items = (SurveyResultsViewSet, QuestionSetViewSet, SurveyedKindViewSet)


register_snippet(SurveysViewSetGroup)
