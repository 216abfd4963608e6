from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().in_site(Site.find_for_request(request)).specific()
        if not request.user.is_authenticated:
            pages = pages.public()  # titles of login-only pages stay hidden from visitors
        results = pages.search(query)
        if not results.count():
            # Korean packs words into compounds (민원 → 민원서비스) that whole-word search misses;
            # fall back to prefix matching on titles.
            results = pages.autocomplete(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        results_page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        results_page = paginator.page(1)
    return render(request, "search/search.html", {"search_query": query, "results": results_page})
