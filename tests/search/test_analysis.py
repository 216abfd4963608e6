"""The one Korean analyser: particles, endings, compounds, spacing, the user dictionary, lazy loading."""

import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError

from search.analysis import analyse, bigrams, query_terms
from search.dictionary import Dictionary, current_dictionary, entry
from search.models import SearchTerm

EMPTY = Dictionary([])


@pytest.mark.parametrize("engine_name", ["mecab", "kiwi"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("민원을", {"민원"}),  # particle
        ("응대하는", {"응대"}),  # ending after a noun + 하다
        ("악성민원", {"악성민원", "민원"}),  # a compound keeps itself and its parts
        ("매뉴얼의", {"매뉴얼"}),
        ("CCTV", {"cctv"}),
    ],
)
def test_particles_and_endings_are_dropped_and_compounds_keep_their_parts(engine_name, text, expected):
    terms = analyse(text, engine_name=engine_name, dictionary=EMPTY)
    assert expected <= set(terms)
    assert "을" not in terms and "는" not in terms


@pytest.mark.parametrize("engine_name", ["mecab", "kiwi"])
def test_spacing_variants_share_their_terms(engine_name):
    spaced = set(query_terms("악성 민원", engine_name=engine_name, dictionary=EMPTY))
    joined = set(analyse("악성민원을 응대하기", engine_name=engine_name, dictionary=EMPTY))
    assert {"민원"} <= spaced & joined


def test_bigrams_recover_words_kept_whole_and_typos():
    assert bigrams("민원인이") == ["bg민원", "bg원인", "bg인이"]
    assert "bg민원" in bigrams("악셩민원")  # one wrong syllable leaves the other bigrams
    assert bigrams("CCTV 아") == []


def test_the_user_dictionary_keeps_platform_terms_whole_with_their_parts():
    dictionary = Dictionary([
        entry("U-지식여행", "u 지식 여행", ["유지식여행"]),
        entry("고강도 민원접점", "고강도 민원 접점"),
        entry("서울시인재개발원", "서울시 인재 개발원", ["인개원"]),
    ])

    terms = analyse("U-지식여행에서 본 고강도 민원접점 부서와 서울시인재개발원", engine_name="mecab", dictionary=dictionary)

    assert {"u지식여행", "지식", "여행", "고강도민원접점", "접점", "서울시인재개발원", "인재", "개발원"} <= set(terms)
    assert "시인" not in terms and "재개" not in terms  # mecab-ko-dic alone reads 서울/시인/재개/발원
    assert "에서" not in terms
    # A synonym or abbreviation finds the term.
    assert "서울시인재개발원" in query_terms("인개원 교육", engine_name="mecab", dictionary=dictionary)
    assert "u지식여행" in query_terms("유지식여행", engine_name="mecab", dictionary=dictionary)


def test_the_dictionary_gives_elasticsearch_the_same_terms():
    dictionary = Dictionary([entry("원포인트레슨", "원 포인트 레슨", ["원포인트 레슨"]), entry("U-지식여행", synonyms=["유지식여행"])])

    assert dictionary.nori_rules() == ["원포인트레슨 원 포인트 레슨", "지식여행"]
    assert dictionary.synonym_rules() == ["u-지식여행, 유지식여행", "원포인트레슨, 원포인트 레슨"]


@pytest.mark.django_db
def test_editors_terms_and_department_names_form_the_dictionary(settings):
    from lms.people.models import Department

    SearchTerm.objects.create(term="민원콜센터", synonyms="다산콜, 120")
    Department.add_root(code="T-1", name="시민봉사담당관", kind="부서")

    dictionary = current_dictionary()

    assert {"민원콜센터", "시민봉사담당관", "u지식여행", "아리수"} <= set(dictionary.entries)
    assert "민원콜센터" in query_terms("다산콜")
    SearchTerm.objects.filter(term="민원콜센터").delete()
    assert "민원콜센터" not in current_dictionary().entries  # an edit reaches the process's dictionary at once


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error_field"),
    [({"term": "··-"}, "term"), ({"term": "원포인트", "synonyms": "원 포인트, -, "}, "synonyms")],
)
def test_a_term_without_letters_is_refused_in_korean(fields, error_field):
    with pytest.raises(ValidationError) as raised:
        SearchTerm(**fields).full_clean()
    assert error_field in raised.value.message_dict
    assert any("글자나 숫자" in message for message in raised.value.message_dict[error_field])


def test_the_analyser_is_not_loaded_by_importing_or_by_management_commands():
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', verbosity=0)\n"
        "import search.analysis, search.selectors, courses.models\n"
        "print('loaded:', sorted(search.analysis._engines))\n"
        "search.analysis.analyse('민원을', dictionary=search.dictionary.Dictionary([]))\n"
        "print('loaded:', sorted(search.analysis._engines))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": "sqlite://:memory:"},
    ).stdout.splitlines()
    assert [line for line in output if line.startswith("loaded:")] == ["loaded: []", "loaded: ['mecab']"]


@pytest.mark.django_db
def test_editors_keep_the_dictionary_in_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("9000002", password="pw-test-1234"))

    listing = client.get("/admin/snippets/search/searchterm/").content.decode()
    assert "검색 용어 사전" in listing and "U-지식여행" in listing

    response = client.post(
        "/admin/snippets/search/searchterm/add/", {"term": "민원콜센터", "parts": "민원 콜 센터", "synonyms": "다산콜"}
    )
    assert response.status_code == 302
    assert "민원콜센터" in query_terms("다산콜 상담")
