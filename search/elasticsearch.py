"""Wagtail's Elasticsearch 8 backend with Korean analysis (`BACKEND: "search.elasticsearch"`).

Text fields use the index's `default` analyser and queries its `default_search` analyser, both nori
(settings.NORI_INDEX_SETTINGS, passed as INDEX_SETTINGS). Autocomplete is analysed the same way: its
edge n-grams are built on nori tokens and the typed prefix goes through the Korean search analyser, not
the standard one. The user dictionary (`search.dictionary`) is read when the index is created; an edit to
it is applied by a background `IndexUpdate` (`search.services`): `pages_mentioning` finds the pages whose
words the term changes, `apply_dictionary` puts the new analysis into the live indices, and those pages
are indexed again.
"""

import copy

from modelsearch.index import get_indexed_models

from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)


class KoreanMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "default_search"}


def index_settings(settings, dictionary):
    """The index creation body: the configured analysis plus the dictionary's nori rules and synonyms."""
    body = copy.deepcopy(settings)
    analysis = body["settings"]["analysis"]
    tokenizer = analysis["tokenizer"]["korean_tokenizer"]
    tokenizer["user_dictionary_rules"] = dictionary.nori_rules()
    synonyms = dictionary.synonym_rules()
    if synonyms:
        analysis["filter"]["korean_synonyms"]["synonyms"] = synonyms
    else:  # an empty synonym_graph filter is rejected: leave it out of the search chain
        for analyzer in analysis["analyzer"].values():
            analyzer["filter"] = [name for name in analyzer["filter"] if name != "korean_synonyms"]
        del analysis["filter"]["korean_synonyms"]
    return body


# A dictionary term is in a few pages, not thousands; beyond this the rest wait for `update_index`.
MAX_AFFECTED_PAGES = 10_000


def pages_mentioning(backend, terms):
    """Ids of the indexed pages whose text contains any of `terms` as a phrase (found with nori as it stands)."""
    from wagtail.models import Page

    index = backend.get_index_for_model(Page)
    query = {"bool": {"should": [{"match_phrase": {"_all_text": term}} for term in terms], "minimum_should_match": 1}}
    response = backend.es.search(index=index.name, query=query, _source=False, size=MAX_AFFECTED_PAGES)
    return {int(hit["_id"]) for hit in response["hits"]["hits"]}


def apply_dictionary(backend, dictionary):
    """Put the dictionary's analysis into every existing index: analysis settings change only while an index is
    closed, so each is closed, updated and opened again (searches of that index fail for that moment)."""
    analysis = index_settings(backend.settings, dictionary)["settings"]["analysis"]
    names = set()
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        if backend.es.indices.exists_alias(name=index.name):
            names.update(backend.es.indices.get_alias(name=index.name).keys())
        elif backend.es.indices.exists(index=index.name):
            names.add(index.name)
    for name in sorted(names):
        backend.es.indices.close(index=name)
        try:
            backend.es.indices.put_settings(index=name, settings={"analysis": analysis})
        finally:
            backend.es.indices.open(index=name)
    return sorted(names)


class KoreanIndex(Elasticsearch8Index):
    def put(self):
        from .dictionary import build_dictionary

        self.es.indices.create(index=self.name, **index_settings(self.backend.settings, build_dictionary()))


class KoreanSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = KoreanMapping


class KoreanAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = KoreanMapping


class KoreanElasticsearchBackend(Elasticsearch8SearchBackend):
    mapping_class = KoreanMapping
    index_class = KoreanIndex
    query_compiler_class = KoreanSearchQueryCompiler
    autocomplete_query_compiler_class = KoreanAutocompleteQueryCompiler


SearchBackend = KoreanElasticsearchBackend
