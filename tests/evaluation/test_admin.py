"""The rules in the Wagtail admin: HR edits them, copies last year's; nobody else sees them."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.evaluation.models import RuleSet
from lms.people import roles
from tests.evaluation.conftest import TEST_KIND
from tests.factories import make_editor, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    hr = make_staff("2019001", "박인사")
    hr.groups.add(Group.objects.get(name=roles.HR))
    client.force_login(hr)
    return client


@pytest.fixture
def last_years_rules():
    rules = RuleSet.objects.create(
        evaluation_year=2025,
        total_cap=Decimal(5),
        items=[
            (
                "item",
                {
                    "name": "힐링프로그램 이수인원",
                    "metric": "completers",
                    "counted_kinds": [TEST_KIND.key],
                    "minimum_completions": 1,
                    "scoring": "per_unit",
                    "bands": [],
                    "points_per_unit": Decimal("0.1"),
                    "cap": Decimal(2),
                },
            )
        ],
    )
    rules.save_revision().publish()
    return rules


def test_hr_lists_the_rules_and_is_offered_the_copy(hr_client, last_years_rules):
    response = hr_client.get(reverse("wagtailsnippets_evaluation_ruleset:list"))
    assert response.status_code == 200
    assert "2025" in response.text and "지난 기준 복사" in response.text


def test_hr_opens_the_rule_editor(hr_client, last_years_rules):
    response = hr_client.get(reverse("wagtailsnippets_evaluation_ruleset:edit", args=[last_years_rules.pk]))
    assert response.status_code == 200
    assert "가점 합계 상한" in response.text and "가점 항목" in response.text


def test_hr_copies_last_years_rules_into_a_draft(hr_client, last_years_rules):
    url = reverse("wagtailsnippets_evaluation_ruleset:copy")
    form = hr_client.get(url)
    assert form.status_code == 200 and 'value="2026"' in form.text
    response = hr_client.post(url, {"source": last_years_rules.pk, "evaluation_year": 2026})
    copy = RuleSet.objects.get(evaluation_year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_evaluation_ruleset:edit", args=[copy.pk])
    assert not copy.live


def test_copying_into_a_year_that_has_rules_is_refused_in_korean(hr_client, last_years_rules):
    response = hr_client.post(
        reverse("wagtailsnippets_evaluation_ruleset:copy"), {"source": last_years_rules.pk, "evaluation_year": 2025}
    )
    assert response.status_code == 200
    assert "2025년 가점 기준이 이미 있습니다" in response.text


@pytest.mark.parametrize("make_user", [make_editor, make_staff])
def test_editors_and_staff_cannot_see_or_copy_the_rules(client, make_user, last_years_rules):
    user = make_user()
    user.user_permissions.clear()
    client.force_login(user)
    for url in (
        reverse("wagtailsnippets_evaluation_ruleset:list"),
        reverse("wagtailsnippets_evaluation_ruleset:copy"),
        reverse("wagtailsnippets_evaluation_ruleset:edit", args=[last_years_rules.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_hr_opens_a_new_rule_set_form(hr_client):
    response = hr_client.get(reverse("wagtailsnippets_evaluation_ruleset:add"))
    assert response.status_code == 200
    assert '<h1 class="w-sr-only">' in response.text


def test_every_snippet_editor_has_its_h1(client):
    """The project's override of Wagtail's snippet templates gives each create and edit page its h1."""
    from lms.people.models import User
    from search.models import SearchTerm

    client.force_login(User.objects.create_superuser(username="1990001", password="x", name="관리자"))
    term = SearchTerm.objects.create(term="민원응대")
    for url in (reverse("wagtailsnippets_search_searchterm:add"), reverse("wagtailsnippets_search_searchterm:edit", args=[term.pk])):
        assert '<h1 class="w-sr-only">' in client.get(url).text, url
