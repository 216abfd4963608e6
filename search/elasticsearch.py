"""Wagtail's Elasticsearch 8 backend with Korean analysis (`BACKEND: "search.elasticsearch"`).

Text fields use the index's `default` analyser and queries its `default_search` analyser, both nori
(settings.NORI_INDEX_SETTINGS, passed as INDEX_SETTINGS). Autocomplete is analysed the same way: its
edge n-grams are built on nori tokens and the typed prefix goes through the Korean search analyser, not
the standard one. The user dictionary (`search.dictionary`) is read when the index is created, so an
edit to it takes effect on the next `manage.py update_index`.
"""

import copy

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
