"""The site shell on every page: header menu from the page tree, user links, footer from SiteSettings."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Page, Site

from lms.home.models import SiteSettings


def add_menu_page(title, slug, *, show_in_menus=True, live=True):
    home = Site.objects.get(is_default_site=True).root_page
    return home.add_child(instance=Page(title=title, slug=slug, show_in_menus=show_in_menus, live=live))


def main_menu_html(html):
    start = html.index('aria-label="주 메뉴"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.django_db
def test_main_menu_lists_live_menu_children_of_the_home_page(client):
    add_menu_page("이러닝 과정", "courses")
    add_menu_page("웹툰", "webtoons")
    add_menu_page("숨긴 페이지", "hidden", show_in_menus=False)
    add_menu_page("준비 중인 캠페인", "draft", live=False)

    menu = main_menu_html(client.get("/search/").content.decode())

    assert '<a href="/courses/">이러닝 과정</a>' in menu
    assert '<a href="/webtoons/">웹툰</a>' in menu
    assert "숨긴 페이지" not in menu
    assert "준비 중인 캠페인" not in menu
    assert menu.index("이러닝 과정") < menu.index("웹툰")  # tree order, as editors arrange it


@pytest.mark.django_db
def test_main_menu_marks_the_current_section(client):
    add_menu_page("이러닝 과정", "courses")
    menu = main_menu_html(client.get("/").content.decode())
    assert '<a href="/" aria-current="page">홈</a>' in menu
    assert '<a href="/courses/">이러닝 과정</a>' in menu


@pytest.mark.django_db
def test_visitors_see_a_login_link_and_no_user_links(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert "내 정보" not in html
    assert "로그아웃" not in html


@pytest.mark.django_db
def test_staff_see_their_links_and_log_out_with_a_post_form(staff_client, staff_member):
    html = staff_client.get("/").content.decode()
    assert "김민원님" in html
    assert 'href="/me/"' in html
    assert 'href="/accounts/password/"' in html
    assert '<form method="post" action="/accounts/logout/">' in html
    assert 'href="/admin/"' not in html  # plain staff have no admin access

    assert staff_client.get("/accounts/logout/").status_code == 405  # never by a link or a prefetch
    assert staff_client.post("/accounts/logout/").status_code == 302
    assert "김민원님" not in staff_client.get("/").content.decode()


@pytest.mark.django_db
def test_admin_link_only_for_users_with_admin_access(staff_client, staff_member):
    staff_member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert 'href="/admin/">관리자</a>' in staff_client.get("/").content.decode()


@pytest.mark.django_db
def test_footer_shows_contacts_from_site_settings(client):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_department = "시민봉사담당관"
    site_settings.contact_phone = "02-2133-6460"
    site_settings.contact_email = "minwon@seoul.go.kr"
    site_settings.footer_text = "<p>상호존중의 민원문화를 함께 만듭니다.</p>"
    site_settings.save()

    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]

    assert "서울특별시 시민봉사담당관" in footer
    assert '<a href="tel:0221336460">02-2133-6460</a>' in footer
    assert '<a href="mailto:minwon@seoul.go.kr">minwon@seoul.go.kr</a>' in footer
    assert "상호존중의 민원문화를 함께 만듭니다." in footer


@pytest.mark.django_db
def test_every_page_is_korean_with_skip_link_and_phone_menu_button(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="ko">' in html
    assert '<a class="skip-link" href="#main">본문 바로가기</a>' in html
    assert '<main id="main"' in html
    assert 'aria-controls="site-nav"' in html and 'id="site-nav"' in html
    assert 'aria-expanded="false"' in html
