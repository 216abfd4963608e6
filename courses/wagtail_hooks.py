from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import CourseAssignment


class AssignCreateView(CreateView):
    def save_instance(self):
        self.form.instance.assigned_by = self.request.user
        return super().save_instance()


class CourseAssignmentViewSet(SnippetViewSet):
    """인사 담당자 assign courses to departments with a deadline (permissions: courses.*_courseassignment)."""

    model = CourseAssignment
    icon = "date"
    menu_label = "과정 배정"
    menu_order = 250
    add_to_admin_menu = True
    add_view_class = AssignCreateView
    list_display = ["course", "department", "deadline", "assigned_by", "created_at"]
    list_filter = ["deadline"]
    search_fields = ["department__name"]


register_snippet(CourseAssignmentViewSet)
