"""The content origin: its own URL space without cookies, the player page, and package files served as a
web server would (types, charset, ranges, caching, framing), only with a valid grant."""

import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client, RequestFactory
from django.urls import reverse

from courses.scorm.access import file_grant, launch_token
from courses.scorm.middleware import ContentOriginMiddleware
from courses.scorm.models import ScormAttempt
from tests.factories import csp_directives

from . import zips
from .conftest import CONTENT_HOST, files_path, make_package, on_content_origin, player_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(package_demo, lesson_factory):
    return lesson_factory(package_demo)


def get_file(package, learner, path, **headers):
    return on_content_origin(Client(), "get", files_path(file_grant(learner, package), path), **headers)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_launch_page_needs_login(client, package_demo, lesson):
    response = client.get(reverse("scorm:launch", args=[package_demo.pk]), {"page": lesson.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_launch_page_refuses_a_page_of_another_package(client, learner, lesson, lesson_factory):
    other = make_package(zips.package_12(), title="다른 패키지")
    client.force_login(learner)
    assert client.get(reverse("scorm:launch", args=[other.pk]), {"page": lesson.pk}).status_code == 403
    assert client.get(reverse("scorm:launch", args=[other.pk]), {"page": "x"}).status_code == 404


def test_the_lesson_frames_the_player_on_the_content_origin(client, learner, package_demo, lesson):
    client.force_login(learner)
    page = client.get(reverse("scorm:launch", args=[package_demo.pk]), {"page": lesson.pk}).content.decode()
    frame = re.search(r"<iframe[^>]*>", page).group(0)
    assert unescape(re.search(r' src="([^"]+)"', frame).group(1)).startswith(f"{settings.SCORM_CONTENT_ORIGIN}/launch/")
    sandbox = re.search(r' sandbox="([^"]+)"', frame).group(1).split()
    # the content origin keeps its own origin (so the SCO finds the API in its parent) and may show
    # dialogs and open windows, but not navigate the lesson page
    assert {"allow-scripts", "allow-same-origin", "allow-modals", "allow-popups", "allow-forms"} <= set(sandbox)
    assert not [flag for flag in sandbox if flag.startswith("allow-top-navigation")]
    assert "scorm-again" not in page  # the platform's page runs none of the package's runtime


def test_the_player_hosts_the_api_of_the_packages_version_and_frames_the_sco(learner, package_demo, lesson):
    ScormAttempt.objects.create(user=learner, page=lesson, package=package_demo, version="1.2", exit="suspend",
                                cmi={"cmi.core.lesson_location": "3", "cmi.suspend_data": '{"visited":[1,2,3]}'})
    response = on_content_origin(Client(), "get", player_path(launch_token(learner, lesson)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/scorm-again/scorm12.min.js" in html and "scorm2004" not in html
    config = json.loads(re.search(r'id="scorm-player-config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["version"] == "1.2"
    assert config["scoUrl"].startswith("/files/") and config["scoUrl"].endswith("/index.html")
    assert config["commitUrl"].startswith("/launch/") and config["commitUrl"].endswith("/commit/")
    assert config["cmi"]["cmi.core.lesson_location"] == "3"
    assert config["cmi"]["cmi.core.entry"] == "resume"
    assert config["cmi"]["cmi.core.student_id"] == "2024001"
    assert response["Cache-Control"] == "no-store"
    policy = csp_directives(response)
    assert policy["frame-ancestors"] == ["'self'", "http://127.0.0.1:8000"]  # WAGTAILADMIN_BASE_URL
    assert policy["script-src"] == ["'self'"]
    assert "X-Frame-Options" not in response


def test_the_player_needs_a_valid_launch_token(learner, package_demo, lesson_factory):
    assert on_content_origin(Client(), "get", player_path("forged")).status_code == 403
    draft = lesson_factory(package_demo, live=False)
    assert on_content_origin(Client(), "get", player_path(launch_token(learner, draft))).status_code == 403


def test_the_content_origin_answers_nothing_of_the_platform(staff_client):
    for path in ["/me/", "/admin/", "/accounts/login/", "/"]:
        response = on_content_origin(staff_client, "get", path)
        assert response.status_code == 404, path
        assert response.content.decode() == "없는 주소입니다."


def test_the_platform_serves_no_package_file(client, learner, package_demo, lesson):
    client.force_login(learner)
    assert client.get(files_path(file_grant(learner, package_demo), "index.html")).status_code == 404
    assert client.get(player_path(launch_token(learner, lesson))).status_code == 404


def test_cookies_never_reach_a_view_of_the_content_origin():
    seen = {}

    def view(request):
        seen["cookies"] = dict(request.COOKIES)
        return None

    middleware = ContentOriginMiddleware(view)
    middleware(RequestFactory().get("/launch/x/", HTTP_HOST=CONTENT_HOST, HTTP_COOKIE="sessionid=abc; csrftoken=def"))
    assert seen["cookies"] == {}
    middleware(RequestFactory().get("/", HTTP_COOKIE="sessionid=abc"))  # the platform keeps its cookies
    assert seen["cookies"] == {"sessionid": "abc"}


def test_files_need_a_grant(learner, package_demo):
    assert on_content_origin(Client(), "get", files_path("not-a-grant", "index.html")).status_code == 403
    forged = signing.Signer(salt="another-salt").sign_object([learner.pk, package_demo.pk, "x", 0])
    assert on_content_origin(Client(), "get", files_path(forged, "index.html")).status_code == 403


def test_a_grant_lasts_one_or_two_days(learner, package_demo, lesson, monkeypatch):
    grant = file_grant(learner, package_demo)
    from courses.scorm import access

    today = access._today()
    monkeypatch.setattr(access, "_today", lambda: today + 1)
    assert on_content_origin(Client(), "get", files_path(grant, "index.html")).status_code == 200
    monkeypatch.setattr(access, "_today", lambda: today + 2)
    assert on_content_origin(Client(), "get", files_path(grant, "index.html")).status_code == 403


def test_a_new_upload_gets_new_file_urls(learner, package_demo):
    grant = file_grant(learner, package_demo)
    package_demo.storage_prefix = package_demo.storage_prefix.replace("/", "-") + "/"
    package_demo.save()
    assert on_content_origin(Client(), "get", files_path(grant, "index.html")).status_code == 403


def test_html_is_served_as_is_with_the_content_policy(learner, package_demo):
    response = get_file(package_demo, learner, "index.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html"  # it has its <meta charset>, which the browser follows
    assert "X-Frame-Options" not in response
    policy = csp_directives(response)
    assert "sandbox" not in policy
    assert policy["frame-ancestors"] == ["'self'", "http://127.0.0.1:8000"]
    assert policy["connect-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
    assert response["Cache-Control"] == "private, max-age=86400, immutable"
    assert "폭언·욕설 민원 3단계 대응" in body(response).decode()
    assert b"scorm-again" not in body(response)  # nothing is injected: the API is found in the parent


KOREAN = "민원 응대 연습".encode()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("plain.html", b"<html><body>" + KOREAN + b"</body></html>", "text/html; charset=utf-8"),
        ("declared.html", b"<html><head><meta charset='euc-kr'></head><body>" + "응대".encode("cp949"),
         "text/html"),
        ("legacy.html", b"<html><body>" + "응대 연습".encode("cp949") + b"</body></html>", "text/html; charset=euc-kr"),
        ("bom.html", b"\xef\xbb\xbf<p>" + KOREAN, "text/html"),
        ("data/slides.json", json.dumps({"제목": "응대"}, ensure_ascii=False).encode(), "application/json; charset=utf-8"),
        ("player.js", b"var t='" + KOREAN + b"';", "text/javascript; charset=utf-8"),
        ("style.css", b"@charset \"utf-8\"; body{}", "text/css"),
        ("fonts/nanum.woff2", b"wOF2" + bytes(100), "font/woff2"),
        ("media/clip.mp4", bytes(100), "video/mp4"),
        ("captions.vtt", b"WEBVTT\n\n" + KOREAN, "text/vtt; charset=utf-8"),
        ("unknown.bin", bytes(10), "application/octet-stream"),
    ],
)
def test_types_and_charsets(learner, name, data, content_type):
    package = make_package(zips.package_12(**{name: data}))
    response = get_file(package, learner, name)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert body(response) == data


def test_range_requests_for_media(learner):
    media = bytes(range(256)) * 40  # 10,240 bytes
    package = make_package(zips.package_12(**{"media/clip.mp4": media}))
    whole = get_file(package, learner, "media/clip.mp4")
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes" and whole["Content-Length"] == "10240"
    part = get_file(package, learner, "media/clip.mp4", HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 1000-1999/10240" and part["Content-Length"] == "1000"
    assert body(part) == media[1000:2000]
    assert body(get_file(package, learner, "media/clip.mp4", HTTP_RANGE="bytes=10000-")) == media[10000:]
    assert body(get_file(package, learner, "media/clip.mp4", HTTP_RANGE="bytes=-240")) == media[-240:]
    beyond = get_file(package, learner, "media/clip.mp4", HTTP_RANGE="bytes=20000-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == "bytes */10240"
    several = get_file(package, learner, "media/clip.mp4", HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200 and body(several) == media  # several ranges: the whole file
    stale = get_file(package, learner, "media/clip.mp4", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"other"')
    assert stale.status_code == 200


def test_head_and_conditional_requests(learner, package_demo):
    grant = file_grant(learner, package_demo)
    head = on_content_origin(Client(), "head", files_path(grant, "sco.js"))
    assert head.status_code == 200 and head.content == b"" and int(head["Content-Length"]) > 100
    again = get_file(package_demo, learner, "sco.js", HTTP_IF_NONE_MATCH=head["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    ["../../../../etc/passwd", "x/../../index.html", "%2e%2e/%2e%2e/secret", "..%2f..%2fsecret",
     "a%5c..%5c..%5cb", "missing.html", "%00index.html"],
)
def test_path_traversal_and_missing_files_are_404(learner, package_demo, path):
    grant = file_grant(learner, package_demo)
    response = Client().get(f"/files/{grant}/{path}", HTTP_HOST=CONTENT_HOST)
    assert response.status_code == 404


def test_a_grant_only_covers_its_own_package(learner, package_demo):
    other = make_package(zips.package_12(), title="다른 패키지")
    # the other package's file name exists only in the other package's folder
    assert get_file(package_demo, learner, "content/start.html").status_code == 404
    assert get_file(other, learner, "content/start.html").status_code == 200


def test_package_files_are_not_public_media(client, package_demo):
    assert client.get(f"/media/{package_demo.storage_prefix}index.html").status_code == 404
