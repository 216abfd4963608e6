from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .forms import ScormPackageForm
from .models import ScormPackage
from .services import publish_package


class PublishingCreateView(CreateView):
    def save_instance(self):
        return publish_package(super().save_instance())


class PublishingEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        if "package_file" in self.form.changed_data:
            publish_package(instance)
        return instance


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    icon = "folder-open-inverse"
    menu_label = "SCORM 패키지"
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = PublishingCreateView
    edit_view_class = PublishingEditView
    list_display = ["title", "version", "status", "error_message", "updated_at"]
    list_filter = ["status", "version"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("package_file")], base_form_class=ScormPackageForm
    )


register_snippet(ScormPackageViewSet)
