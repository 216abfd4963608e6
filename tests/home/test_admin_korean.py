"""The admin speaks Korean (the project's catalogue completes Wagtail's) and fetches nothing from outside.

The browser walk through every role's screens is tests/e2e/test_admin_korean.py; these check what renders
on the server: the catalogue is compiled and wins over Wagtail's, Wagtail's English defaults are renamed,
counts read as Korean writes them, and no admin page points at gravatar.com, releases.wagtail.org or
guide.wagtail.org.
"""

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from wagtail.models import Page, Task, Workflow

from tests.factories import make_editor
from tests.people.conftest import departments, hr_user, make_person  # noqa: F401  (fixtures)

OUTSIDE_HOSTS = ["gravatar.com", "releases.wagtail.org", "guide.wagtail.org"]


def test_the_compiled_catalogue_is_current():
    """The .mo files are built by `make messages`, never committed: a stale one means a make target was skipped."""
    for po in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is missing or stale: run `make messages`"


def test_the_catalogue_completes_and_corrects_wagtails():
    assert gettext("Search all pages…") == "모든 페이지 검색…"
    assert gettext("Schedule to publish") == "게시 예약"
    assert gettext("Set schedule") == "일정 설정"
    assert ngettext("There is %(counter)s match", "There are %(counter)s matches", 1) % {"counter": 1} == "1건 일치"
    assert gettext("Actions") == "작업"


@pytest.mark.django_db
def test_wagtails_default_names_are_korean():
    assert Page.objects.get(depth=1).title == "전체 페이지"
    assert set(Group.objects.filter(name__in=["검토자", "편집자"]).values_list("name", flat=True)) == {"검토자", "편집자"}
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert Workflow.objects.get().name == "게시 전 검토"
    assert Task.objects.get().name == "검토자 승인"


@pytest.mark.django_db
def test_an_editors_dashboard_is_korean_and_points_nowhere_outside(client):
    client.force_login(make_editor())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'placeholder="모든 페이지 검색…"' in html
    assert 'value="검색"' in html  # the search form's submit button
    assert "페이지 " in html and "건" in html  # the site summary counts pages as 건
    for host in OUTSIDE_HOSTS:
        assert host not in html
    assert "data-w-upgrade" not in html  # no update check
    assert "편집자 안내서" not in html and "Editor Guide" not in html  # the help menu keeps to the platform
    assert "단축키" in html  # what it keeps


@pytest.mark.django_db
def test_the_staff_list_counts_in_korean(client, hr_user):
    client.force_login(hr_user)
    html = client.get(reverse("people_staff:index"), {"q": "박인사"}).content.decode()
    assert "1건 일치" in html and "1가 일치함" not in html
    total = html.split('class="pagination__end">', 1)[1].split("</div>", 1)[0]
    assert " ".join(total.split()) == "직원 정보 1건"  # not "1 직원 정보"
    assert "True" not in html and "False" not in html  # the yes/no cells read 예/아니요
    assert 'title="예"' in html or ">예<" in html


@pytest.mark.django_db
def test_the_site_list_labels_its_columns_in_korean(client):
    admin = make_editor(username="9999999", name="관리자")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    html = client.get(reverse("wagtailsites:index")).content.decode()
    for english in ["Port", "Site name", "Root page"]:
        assert english not in html
    assert "포트" in html and "사이트 이름" in html


def test_django_records_are_printed_once():
    """Django's own console handler printed every django.* record a second time beside the root's
    (runserver said "Watching for file changes" twice)."""
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger().handlers


@pytest.mark.django_db
def test_the_page_search_header_names_what_it_counts(client, home):
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(home)
    client.force_login(make_editor())
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": home.title}).content.decode()
    assert "페이지 1건 중 1–1" in html  # Wagtail's own: "1-1 of 1 None"
    assert "None 1건" not in html
