"""Particles chosen by how the word before them ends when read, and counts written with their unit."""

import pytest
from django.template import Context, Template

from lms.home.korean import count, josa, particle


@pytest.mark.parametrize(
    "word, name, expected",
    [
        ("사과", "을", "사과를"),  # vowel
        ("민원", "를", "민원을"),  # final consonant, whichever form is asked for
        ("부서", "이", "부서가"),
        ("직원", "가", "직원이"),
        ("강의", "은", "강의는"),
        ("서울", "으로", "서울로"),  # ㄹ takes 로
        ("집", "로", "집으로"),
        ("동영상", "과", "동영상과"),
        ("웹툰", "와", "웹툰과"),
        ("‘악성민원 대응’", "을", "‘악성민원 대응’을"),  # quotes and brackets are not read
        ("직원번호 1000001", "가", "직원번호 1000001이"),  # 일
        ("2", "이", "2가"),  # 이
        ("3", "를", "3을"),  # 삼
        ("10", "가", "10이"),  # 십
        ("100", "를", "100을"),  # 백
        ("2000", "는", "2000은"),  # 천
        ("20000", "가", "20000이"),  # 만
        ("SCORM", "은", "SCORM은"),  # 엠
        ("HLS", "를", "HLS를"),  # 에스
        ("URL", "으로", "URL로"),  # 엘
    ],
)
def test_the_particle_fits_the_last_sound(word, name, expected):
    assert josa(word, name) == expected


@pytest.mark.parametrize("word", ["Wagtail", "clip.png", "", "!!"])
def test_words_it_cannot_read_get_the_neutral_written_form(word):
    assert particle(word, "을") == "을(를)"
    assert particle(word, "가") == "이(가)"


def test_counts_carry_their_unit_and_thousands_separators():
    assert count(1) == "1건"
    assert count(6350, "명") == "6,350명"


def test_template_filters():
    rendered = Template('{% load korean %}{{ name|josa:"이" }} {{ n|count }} {{ people|count:"명" }}').render(
        Context({"name": "열린민원실", "n": 1, "people": 450})
    )
    assert rendered == "열린민원실이 1건 450명"
