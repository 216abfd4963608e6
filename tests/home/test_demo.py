import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Page, Site

from lms.home.demo import CARDS, HERO
from lms.home.management.commands import load_demo
from lms.home.management.commands.print_demo_logins import display_width
from lms.home.models import SiteSettings
from lms.people.demo import DEMO_LOGINS
from tests.factories import home_page


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_home_demo_fills_the_home_page_and_links_cards_to_menu_pages(client, monkeypatch):
    home_page().add_child(instance=Page(title="웹툰", slug="webtoon", show_in_menus=True))
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", ["lms.home.demo"])

    output = run("load_demo")

    assert "데모 데이터를 모두 불러왔습니다 (" in output
    body = home_page().body
    assert [block.block_type for block in body] == ["hero", "cards", "text"]
    assert body[0].value["heading"] == HERO["heading"]
    cards = {card["title"]: card["page"] for card in body[1].value["cards"]}
    assert list(cards) == [title for title, _ in CARDS]
    assert cards["웹툰"].slug == "webtoon"
    assert cards["캠페인"] is None  # no such page yet: an unlinked card, never a dead link

    html = client.get("/").content.decode()
    assert "6,350명의 직원을 위한 학습터" in html
    assert '<a href="/webtoon/">웹툰</a>' in html
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert "2018 서울시 민원서비스 향상 계획" in site_settings.footer_text
    assert "02-2133-6460" in html


@pytest.mark.django_db
def test_home_demo_is_idempotent_and_never_overwrites_editors(monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", ["lms.home.demo"])
    run("load_demo")
    home = home_page()
    revisions = home.revisions.count()

    home.body = [("text", "<p>편집자가 고친 안내</p>")]
    home.save_revision().publish()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_text = "<p>편집자가 고친 하단 문구</p>"
    site_settings.save()

    output = run("load_demo")

    assert "홈 페이지 본문이 이미 있어 그대로 둡니다." in output
    assert home_page().revisions.count() == revisions + 1
    assert "편집자가 고친 안내" in str(home_page().body[0].value)
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).footer_text == "<p>편집자가 고친 하단 문구</p>"


@pytest.mark.django_db
def test_if_empty_skips_when_staff_exist(staff_member, monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", ["lms.home.demo"])
    output = run("load_demo", "--if-empty")
    assert "직원 데이터가 이미 있어 데모 데이터를 불러오지 않습니다." in output
    assert len(home_page().body) == 0


def test_demo_loaders_start_with_people_and_end_with_home():
    assert load_demo.DEMO_LOADERS[0] == "lms.people.demo"
    assert load_demo.DEMO_LOADERS[-1] == "lms.home.demo"


def test_print_demo_logins_prints_an_aligned_korean_table():
    output = run("print_demo_logins")
    assert "http://127.0.0.1:8000/" in output and "http://127.0.0.1:8000/admin/" in output
    table = [line for line in output.splitlines() if line.startswith(("|", "+"))]
    assert "역할" in table[1] and "직원번호" in table[1] and "비밀번호" in table[1]
    for role, username, password in DEMO_LOGINS:
        assert any(role in line and username in line and password in line for line in table)
    assert len({display_width(line) for line in table}) == 1  # Hangul counted as two columns


@pytest.mark.slow
@pytest.mark.django_db
def test_full_demo_load_makes_every_printed_login_work(client):
    """The whole chain `make run` uses: every loader, then the logins it prints."""
    run("load_demo", "--if-empty")

    for role, username, password in DEMO_LOGINS:
        assert authenticate(RequestFactory().post("/accounts/login/"), username=username, password=password), role
    assert "직원 데이터가 이미 있어" in run("load_demo", "--if-empty")

    staff_username = DEMO_LOGINS[0][1]
    client.post("/accounts/login/", {"username": staff_username, "password": DEMO_LOGINS[0][2]})
    assert "서울특별시" in client.get("/me/").content.decode()
    html = client.get("/").content.decode()
    for menu_title in ["이러닝 과정", "U-지식여행", "웹툰", "캠페인"]:
        assert f">{menu_title}</a>" in html
    assert '<a class="button button--light" href="/elearning/">이러닝 과정 시작하기</a>' in html

    # The evaluation cycle a newcomer meets: last year's result frozen from the demo's records,
    # this year's rules published with a draft on top for 가점 미리보기.
    from django.utils import timezone

    from lms.evaluation.models import FrozenResult, RuleSet
    from lms.evaluation.services import results_from_snapshot

    this_year = timezone.localdate().year
    frozen = FrozenResult.objects.get(evaluation_year=this_year - 1)
    assert frozen.snapshot["records"] and len(frozen.snapshot["members"]) > 6000
    assert any(row["total"] != "0.00" for row in frozen.results)
    assert results_from_snapshot(frozen.snapshot) == frozen.results
    # §8's 힐링프로그램 이수인원 counts the healing programme's sessions only.
    from lms.records.registry import completion_categories

    healing = frozen.rule_set.items[2].value
    assert healing["name"] == "힐링프로그램 이수인원"
    assert [completion_categories()[category][1] for category in healing["counted_categories"]] == ["감정노동 힐링 프로그램"]
    assert frozen.snapshot["rules"]["category_kinds"] == {healing["counted_categories"][0]: "offline_session"}
    current = RuleSet.objects.get(evaluation_year=this_year)
    assert current.live and current.has_unpublished_changes

    # The organisation learned through the year at each department's pace (courses.demo_history,
    # lms.records.demo), so the rates HR meets are neither empty nor all alike.
    from django.db.models import Count

    from lms.people.models import StaffProfile
    from lms.records.models import CompletionRecord

    courses_this_year = CompletionRecord.objects.filter(evaluation_year=this_year, item_kind="course")
    completers = courses_this_year.values("user").distinct().count()
    assert 0.3 < completers / StaffProfile.objects.filter(user__is_active=True).count() < 0.85
    assert len({day.month for day in courses_this_year.values_list("completed_on", flat=True)}) >= 9
    per_department = [row["n"] for row in courses_this_year.values("department").annotate(n=Count("user", distinct=True))]
    assert max(per_department) > 3 * min(per_department)
