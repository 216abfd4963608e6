from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchTerm


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = "검색 용어 사전"
    list_display = ["term", "parts", "synonyms"]
    search_fields = ["term", "synonyms"]


register_snippet(SearchTermViewSet)
