"""Every error a user can meet answers in Korean: a page in the site's layout, JSON for the JSON endpoints
(issue 14, point 8)."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from tests.browser import DESKTOP, PHONE, check_page, new_page
from tests.factories import PASSWORD
from tests.records.conftest import beat_body, make_video, make_video_page

pytestmark = pytest.mark.django_db
ELEVEN_MB = 11 * 1024 * 1024


@pytest.fixture(autouse=True)
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.home.failing_urls"


def in_site_layout(html):
    return '<html lang="ko">' in html and 'class="brand"' in html and "본문 바로가기" in html


def korean_json(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    message = response.json()["error"]
    assert any("\uac00" <= character <= "\ud7a3" for character in message), message
    return message


def test_404_is_a_korean_page_in_the_site_layout_with_the_menu(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and in_site_layout(html)
    assert "페이지를 찾을 수 없습니다" in html and 'aria-label="주 메뉴"' in html
    assert "Not Found" not in html


@pytest.mark.parametrize(
    "headers", [{"Accept": "application/json"}, {"X-Requested-With": "fetch"}], ids=["accept-json", "x-requested-with"]
)
def test_404_for_a_script_is_korean_json(client, headers):
    korean_json(client.get("/no-such-page/", headers=headers), 404)


def test_403_shows_the_korean_reason_and_never_an_english_one(client):
    response = client.get("/test-errors/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403 and in_site_layout(html)
    assert "이 자료는 인사 담당자만 볼 수 있습니다." in html
    english = client.get("/test-errors/forbidden-en/").content.decode()
    assert "You do not have permission" not in english and "이 페이지를 볼 권한이 없습니다" in english


def test_an_11_mb_heartbeat_gets_korean_json_not_django_english_400(staff_client):
    page = make_video_page(make_video())
    body = json.dumps(beat_body([[0, 5]], padding="x" * ELEVEN_MB))
    response = staff_client.post(f"/records/heartbeat/{page.pk}/", body, content_type="application/json")
    assert "10MB" in korean_json(response, 400)


def test_an_11_mb_form_gets_the_korean_400_page(client):
    response = client.post("/accounts/login/", {"username": "2024001", "password": "x" * ELEVEN_MB})
    html = response.content.decode()
    assert response.status_code == 400 and in_site_layout(html)
    assert "보낸 데이터가 너무 큽니다" in html and "Bad Request" not in html


def test_500_is_korean_and_renders_without_the_database(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        html = render_to_string("500.html")  # as Django's server error handler renders it: no request, no context
    assert in_site_layout(html) and "일시적인 오류가 발생했습니다" in html
    response = client.get("/test-errors/broken/")
    assert response.status_code == 500 and "일시적인 오류가 발생했습니다" in response.content.decode()
    korean_json(client.get("/test-errors/broken/", headers={"Accept": "application/json"}), 500)


def test_500_renders_when_the_database_is_gone(monkeypatch):
    client = Client(raise_request_exception=False)

    def database_down(*args, **kwargs):
        raise AssertionError("the 500 page must not query the database")

    monkeypatch.setattr(connection, "cursor", database_down)
    response = client.get("/test-errors/broken/")
    assert response.status_code == 500 and "일시적인 오류가 발생했습니다" in response.content.decode()


def test_csrf_failure_is_korean_a_page_for_forms_json_for_the_heartbeat(staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": staff.username, "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 403 and in_site_layout(html) and "새로 고친 뒤 다시 시도해" in html
    assert "CSRF verification failed" not in html

    client.force_login(staff)
    page = make_video_page(make_video())
    beat = client.post(f"/records/heartbeat/{page.pk}/", json.dumps(beat_body([])), content_type="application/json")
    korean_json(beat, 403)
    assert beat["X-CSRF-Failure"] == "1"  # heartbeat.js keeps such a beat and sends it again


def test_429_page_is_korean_in_the_site_layout(home):
    request = RequestFactory().get("/accounts/login/")
    request.user = AnonymousUser()
    html = render_to_string("429.html", {"message": "10분 뒤 다시 시도해 주세요."}, request=request)
    assert in_site_layout(html) and "요청이 너무 많습니다" in html and "10분 뒤 다시 시도해 주세요." in html


def test_the_admin_404_is_korean(admin_client):
    response = admin_client.get("/admin/no-such-screen/")
    assert response.status_code == 404
    assert "찾을 수 없" in response.content.decode()


ERROR_PAGES = {
    "/no-such-page/": 404,
    "/test-errors/forbidden/": 403,
    "/test-errors/broken/": 500,
}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_error_pages_are_accessible(chromium, live_server, viewport, settings):
    settings.ROOT_URLCONF = "tests.home.failing_urls"
    page = new_page(chromium, viewport=viewport)
    try:
        for path, status in ERROR_PAGES.items():
            assert page.goto(f"{live_server.url}{path}").status == status
            check_page(page)
        # 400: the real login form, with an 11 MB password. CSRF failure: a form posted without its token.
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "2024001")
        page.evaluate("size => { document.querySelector('#id_password').value = 'x'.repeat(size); }", ELEVEN_MB)
        with page.expect_navigation():
            page.locator("#main form").get_by_role("button", name="로그인").click()
        assert page.locator("h1").text_content() == "요청을 처리할 수 없습니다"
        check_page(page)
        page.set_content(f'<form method="post" action="{live_server.url}/accounts/login/"><input name="username"></form>')
        with page.expect_navigation():
            page.evaluate("document.forms[0].submit()")
        assert page.locator("h1").text_content() == "보안 확인에 실패했습니다"
        check_page(page)
    finally:
        page.context.close()
