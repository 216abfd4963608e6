"""Elasticsearch: the nori index settings, the mappings and the request bodies we send (no server here),
and an integration test that runs the relevance set against a real server when ELASTICSEARCH_URL is set."""

import os
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from courses.models import CoursePage, QuizLessonPage
from search.dictionary import Dictionary, entry
from search.elasticsearch import KoreanMapping, index_settings
from search.selectors import search_pages

FAKE_SERVER = {
    "default": {
        "BACKEND": "search.elasticsearch",
        "URLS": ["http://elasticsearch.invalid:9200"],
        "INDEX_PREFIX": "lms-test_",
        "INDEX_SETTINGS": settings.NORI_INDEX_SETTINGS,
        "AUTO_UPDATE": False,
    }
}


def test_index_settings_use_nori_with_the_user_dictionary_and_synonyms():
    dictionary = Dictionary([entry("원포인트레슨", "원 포인트 레슨", ["원포인트 레슨"]), entry("아리수")])

    body = index_settings(settings.NORI_INDEX_SETTINGS, dictionary)["settings"]["analysis"]

    tokenizer = body["tokenizer"]["korean_tokenizer"]
    assert tokenizer["type"] == "nori_tokenizer"
    assert tokenizer["decompound_mode"] == "mixed"  # 악성민원 is indexed whole and as 악성 + 민원
    assert tokenizer["user_dictionary_rules"] == ["아리수", "원포인트레슨 원 포인트 레슨"]
    index_chain = body["analyzer"]["default"]
    assert index_chain["tokenizer"] == "korean_tokenizer"
    assert index_chain["filter"] == ["korean_part_of_speech", "nori_readingform", "lowercase"]
    assert body["filter"]["korean_part_of_speech"]["type"] == "nori_part_of_speech"
    assert {"J", "E"} <= set(body["filter"]["korean_part_of_speech"]["stoptags"])  # particles and endings
    assert body["analyzer"]["default_search"]["filter"][-1] == "korean_synonyms"
    assert body["filter"]["korean_synonyms"] == {
        "type": "synonym_graph", "synonyms": ["원포인트레슨, 원포인트 레슨"], "lenient": True,
    }
    assert body["analyzer"]["edgengram_analyzer"]["tokenizer"] == "korean_tokenizer"  # autocomplete analysed too
    assert "korean_synonyms" not in str(index_settings(settings.NORI_INDEX_SETTINGS, Dictionary([])))
    assert settings.NORI_INDEX_SETTINGS["settings"]["analysis"]["tokenizer"]["korean_tokenizer"].get(
        "user_dictionary_rules"
    ) is None  # the configured settings are not changed in place


@pytest.mark.django_db
def test_the_index_is_created_with_the_editors_dictionary():
    from search.models import SearchTerm

    SearchTerm.objects.create(term="민원콜센터", parts="민원 콜 센터", synonyms="다산콜")
    with override_settings(WAGTAILSEARCH_BACKENDS=FAKE_SERVER):
        backend = get_search_backend()
        index = backend.get_index_for_model(CoursePage)
        with mock.patch.object(backend.es.indices, "create") as create:
            index.put()

    body = create.call_args.kwargs
    assert body["index"] == index.name
    analysis = body["settings"]["analysis"]
    assert "민원콜센터 민원 콜 센터" in analysis["tokenizer"]["korean_tokenizer"]["user_dictionary_rules"]
    assert "u-지식여행, 유지식여행, 유 지식여행, u지식여행, 지식여행" in analysis["filter"]["korean_synonyms"]["synonyms"]
    assert "민원콜센터, 다산콜" in analysis["filter"]["korean_synonyms"]["synonyms"]


def test_mappings_send_the_page_text_to_nori_and_keep_the_database_only_fields_out():
    properties = KoreanMapping(QuizLessonPage).get_mapping()["properties"]
    fields = {name.rsplit("__", 1)[-1].removesuffix("_edgengrams"): value for name, value in properties.items()}

    assert fields["search_text"] == {"type": "text", "copy_to": "_all_text"}  # the index's default analyser: nori
    for database_only in ("search_morphemes", "search_bigrams", "search_title_morphemes"):
        assert fields[database_only]["index"] is False
        assert "copy_to" not in fields[database_only]
    assert properties["_edgengrams"] == {
        "type": "text", "analyzer": "edgengram_analyzer", "search_analyzer": "default_search",
    }
    assert "questions" not in str(fields)  # quiz choices and answers never reach the index


@pytest.mark.django_db
def test_queries_reach_elasticsearch_as_typed_for_nori_to_analyse(home):
    response = {"hits": {"hits": [], "total": {"value": 0}}, "count": 0}
    with override_settings(WAGTAILSEARCH_BACKENDS=FAKE_SERVER), mock.patch(
        "elasticsearch.Elasticsearch.search", return_value=response
    ) as search, mock.patch("elasticsearch.Elasticsearch.count", return_value={"count": 1}):
        list(search_pages(Page.objects.live(), "악성민원을 응대하는")[:10])

    query = search.call_args_list[0].kwargs["query"]
    assert "악성민원을 응대하는" in str(query)
    assert "bg" not in str(query)  # no database-backend bigrams
    assert "multi_match" in str(query) and "'operator': 'and'" not in str(query)  # any word may match; ranked


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL이 없으면 건너뜁니다")
@pytest.mark.django_db
def test_relevance_set_on_a_real_elasticsearch_with_nori(demo_corpus, django_user_model):
    from django.core.management import call_command

    from search.selectors import SearchOutcome
    from tests.search.relevance_set import evaluate

    backends = {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": "lms-relevance-test_",
            "INDEX_SETTINGS": settings.NORI_INDEX_SETTINGS,
        }
    }
    user = django_user_model.objects.create_superuser("9000001", password="pw-test-1234")
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", verbosity=0)
        site = Site.objects.get(is_default_site=True)
        rows = evaluate(lambda query: SearchOutcome(user, site, query).results)
        get_search_backend().get_index_for_model(Page).delete()
    assert sum(row[2] for row in rows) / len(rows) >= 0.9
