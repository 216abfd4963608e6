from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Site

from . import selectors
from .kinds import KINDS, kind_by_slug

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100  # longer input is cut: a pasted paragraph is not a query


def _query(request):
    return request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]


@require_GET
def search(request):
    query = _query(request)
    kind = kind_by_slug(request.GET.get("kind", ""))
    context = {
        "search_query": query,
        # Visitors are not offered filters for kinds they cannot see.
        "kinds": [item for item in KINDS if item.models and (request.user.is_authenticated or not item.staff_only)],
        "active_kind": kind,
        "query_string": urlencode({"q": query, **({"kind": kind.slug} if kind else {})}),
    }
    if query:
        outcome = selectors.SearchOutcome(request.user, Site.find_for_request(request), query, kind)
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        presented = outcome.present(results.object_list)
        context.update(results=results, presented=presented, did_you_mean=outcome.did_you_mean(presented))
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Suggestions as you type: {"suggestions": [{"title", "url", "kind"}]} (search.js renders them)."""
    found = selectors.suggestions(request.user, Site.find_for_request(request), _query(request))
    return JsonResponse({"suggestions": found})
