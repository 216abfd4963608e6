"""Surveys and reports name a session's programme through the describe_item_groups hook."""

import pytest

from lms.surveys.selectors import group_titles
from tests.programmes.conftest import make_programme

pytestmark = pytest.mark.django_db


def test_a_programme_is_named_by_its_title():
    programme = make_programme(title="감정노동 힐링 프로그램")
    titles = group_titles([programme.group_key, "offline_programme:999999", "course:1", "offline_programme:x"])
    assert titles == {programme.group_key: "감정노동 힐링 프로그램"}
