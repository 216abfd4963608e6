from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "U-지식여행 주제"
    add_to_admin_menu = False
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(TopicViewSet)
