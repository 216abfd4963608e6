"""Site search: what a person may find, ranked, with a kind, a highlighted snippet and a thumbnail.

On the database backend the query goes through the same analyser as the index (`search.analysis`):
its morphemes, dictionary terms and synonyms, and its marked syllable bigrams, OR-ed and ranked by
the backend (BM25 on SQLite, ts_rank on PostgreSQL). Elasticsearch gets the query as typed and nori
analyses it with the index's search analyser.
"""

import re
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .analysis import BIGRAM_MARK, analyse, bigrams, normalise, query_terms
from .dictionary import current_dictionary, term_pattern
from .fts import one_pass
from .kinds import KINDS, OTHER_LABEL, kind_of

SNIPPET_LENGTH = 120
SUGGESTION_COUNT = 8
_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")


def uses_analysed_index(backend=None):
    """True for Wagtail's database backends (SQLite, PostgreSQL, MySQL), which index our analysed fields."""
    backend = backend or get_search_backend()
    return type(backend).__module__.startswith(("wagtail.search.backends.database", "modelsearch.backends.database"))


def database_query(text):
    """The analysed query for the database backend: terms, then marked bigrams for recall."""
    return " ".join(query_terms(text) + list(dict.fromkeys(bigrams(text))))


def visible_pages(user, site):
    """Live pages of the site this person may find: visitors never see staff-only pages or their titles."""
    pages = Page.objects.live().in_site(site)
    if user.is_authenticated:
        return pages
    from courses.campaigns.selectors import staff_only_campaign_ids

    staff_only = [model for kind in KINDS if kind.staff_only for model in kind.model_classes()]
    pages = pages.public()
    if staff_only:
        pages = pages.not_type(*staff_only)
    return pages.exclude(pk__in=staff_only_campaign_ids())


def search_pages(pages, text):
    """Ranked search results of `pages` for `text` (a Wagtail SearchResults, lazily sliced)."""
    backend = get_search_backend()
    if uses_analysed_index(backend):
        results = one_pass(backend.search(database_query(text), pages, operator="or"))
    else:
        results = backend.search(text, pages, operator="or")
    if results.count():
        return results
    # Nothing matched a whole word: try the title prefixes (a plain page has no analysed fields).
    return one_pass(backend.autocomplete(text, pages))


def autocomplete_query(text):
    """Words already typed are analysed; the last, perhaps half-typed, word is kept as a prefix."""
    *typed, last = normalise(text).split() or [""]
    return " ".join(query_terms(" ".join(typed)) + [last]) if typed else last


def suggestions(user, site, text):
    """Up to SUGGESTION_COUNT pages for the as-you-type list: [{title, url, kind}]."""
    text = normalise(text)
    if not text:
        return []
    pages = visible_pages(user, site).specific()
    backend = get_search_backend()
    query = autocomplete_query(text) if uses_analysed_index(backend) else text
    results = list(one_pass(backend.autocomplete(query, pages, operator="or"))[:SUGGESTION_COUNT])
    if not results:
        results = list(search_pages(pages, text)[:SUGGESTION_COUNT])
    return [{"title": page.title, "url": page.get_url(), "kind": kind_label(page)} for page in results]


def kind_label(page):
    kind = kind_of(page)
    return kind.label if kind else OTHER_LABEL


def highlight_words(text):
    """What to mark in snippets: the query's words and its analysed terms of two or more letters."""
    words = set(normalise(text).split())
    words |= {term for term in query_terms(text) if len(term) > 1 and not term.startswith(BIGRAM_MARK)}
    dictionary = current_dictionary()
    words |= {normalise(term) for term in dictionary.expansions(normalise(text))}
    return sorted((word for word in words if word), key=len, reverse=True)


def highlighted_snippet(text, words, length=SNIPPET_LENGTH):
    """A window of `text` around the first match, HTML-escaped, with every match in <mark>."""
    text = " ".join(text.split())
    if not text:
        return ""
    pattern = re.compile("|".join(term_pattern(word) for word in words), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - length // 4) if first else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    window = text[start : start + length]
    parts, position = [], 0
    for match in pattern.finditer(window) if pattern else ():
        parts += [escape(window[position : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
        position = match.end()
    parts.append(escape(window[position:]))
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


@dataclass
class Result:
    page: Page
    kind_label: str
    text: str  # the plain text the snippet was cut from
    snippet: str
    thumbnail: object = None
    note: str = ""  # e.g. why a course cannot be taken by this person


def present(page, user, words):
    """One result as the results page shows it."""
    text = page.search_text() if hasattr(page, "search_text") else normalise(page.search_description)
    return Result(
        page=page,
        kind_label=kind_label(page),
        text=text,
        snippet=highlighted_snippet(text, words),
        thumbnail=page.search_thumbnail() if hasattr(page, "search_thumbnail") else None,
        note=_access_note(page, user),
    )


def _access_note(page, user):
    """A course outside this person's audience says so instead of being offered as one they can take."""
    from courses.models import CoursePage, LessonPage
    from courses.selectors import course_access

    if isinstance(page, LessonPage):
        page = page.course
    if not isinstance(page, CoursePage) or not user.is_authenticated:
        return ""
    access = course_access(user, page)
    return "" if access.can_view else access.message


def spacing_variant(text):
    """악성 민원 ↔ 악성민원: the query with its Hangul words joined, or one compound split into its nouns."""
    words = normalise(text).split()
    if len(words) > 1 and all(_HANGUL_WORD.match(word) for word in words):
        return "".join(words)
    if len(words) == 1 and _HANGUL_WORD.match(words[0]) and len(words[0]) >= 3:
        parts = [term for term in analyse(words[0]) if term != words[0] and term in words[0]]
        chain = _covering_chain(words[0], parts)
        if chain:
            return " ".join(chain)
    return None


def _covering_chain(word, parts):
    """Parts that spell `word` from start to end (악성 + 민원 = 악성민원), longest first; None if none do."""
    if not word:
        return []
    for part in sorted(set(parts), key=len, reverse=True):
        if word.startswith(part) and part != word:
            rest = _covering_chain(word[len(part) :], parts)
            if rest is not None:
                return [part, *rest]
    return None


class SearchOutcome:
    def __init__(self, user, site, text, kind=None):
        self.user, self.text, self.kind = user, normalise(text), kind
        pages = visible_pages(user, site)
        if kind is not None:
            pages = pages.type(*kind.model_classes()) if kind.models else pages.none()
        self.pages = pages.specific()

    @cached_property
    def results(self):
        return search_pages(self.pages, self.text)

    @cached_property
    def words(self):
        return highlight_words(self.text)

    def present(self, pages):
        return [present(page, self.user, self.words) for page in pages]

    def did_you_mean(self, presented):
        """The spacing variant, when the found pages write it that way and not as typed."""
        variant = spacing_variant(self.text)
        if not variant:
            return None
        texts = [normalise(f"{result.page.title} {result.text}") for result in presented]
        if not texts:
            return variant if search_pages(self.pages, variant).count() else None
        written_as_variant = any(variant in text for text in texts)
        written_as_typed = any(self.text in text for text in texts)
        return variant if written_as_variant and not written_as_typed else None
