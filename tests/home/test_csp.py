"""Every kind of response carries the Content-Security-Policy (issue 14): the site's, the admin's
exception, the SCORM package's own, and media from wherever the storage serves it."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from courses.models import ScormLessonPage
from courses.services import enrol
from courses.scorm.access import file_grant, launch_token
from courses.scorm.demo import demo_package
from tests.courses.conftest import add_lessons, make_course, make_video
from tests.factories import csp_directives
from tests.webtoons.factories import make_episode, make_manual, make_series

SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "frame-src": ["'self'", "http://scorm.testserver"],  # SCORM_CONTENT_ORIGIN (lms/settings/test.py)
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
ADMIN_POLICY = {**SITE_POLICY, "script-src": ["'self'", "'unsafe-inline'"], "style-src": ["'self'", "'unsafe-inline'"]}


def assert_site_policy(response, expected=SITE_POLICY):
    assert csp_directives(response) == expected, response.wsgi_request.path
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.fixture
def site(db, superuser):
    course = make_course()
    text, quiz, video_lesson = add_lessons(course, video=make_video())
    scorm = ScormLessonPage(title="3단계 대응 실습", package=demo_package())
    course.add_child(instance=scorm)
    enrol(user=superuser, course=course)
    series = make_series()
    return {
        "course": course,
        "text": text,
        "quiz": quiz,
        "video": video_lesson,
        "scorm": scorm,
        "webtoon": make_episode(series, 1),
        "manual": make_manual(),
    }


@pytest.fixture
def superuser(db):
    from lms.people.models import User

    return User.objects.create_superuser(username="1990001", password="pw-admin-1234", name="관리자")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_anonymous_pages_and_error_pages_carry_the_site_policy(client, site):
    for url in ["/", reverse("login"), site["webtoon"].url, "/no-such-page/"]:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert_site_policy(response)
    assert client.get("/no-such-page/").status_code == 404


def test_every_kind_of_lesson_and_the_player_carry_the_site_policy(admin_client, site):
    for kind in ["course", "text", "quiz", "video", "scorm"]:
        response = admin_client.get(site[kind].url)
        assert response.status_code == 200, kind
        assert_site_policy(response)
    assert_site_policy(admin_client.get(reverse("media_pipeline:video", args=[site["video"].video_id])))
    assert_site_policy(admin_client.get(site["manual"].url))


def test_no_page_keeps_an_inline_script_or_an_inline_style(admin_client, site):
    """What the policy would refuse in a browser: <script> with a body (other than JSON data) or style=""."""
    for kind in ["course", "text", "quiz", "video", "scorm", "webtoon", "manual"]:
        html = admin_client.get(site[kind].url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
        assert scripts == [], kind
        assert " style=" not in html and not re.search(r"\son[a-z]+=", html), kind


def test_scorm_launch_page_player_and_package_files(admin_client, superuser, site):
    package = site["scorm"].package
    launch = admin_client.get(reverse("scorm:launch", args=[package.pk]) + f"?page={site['scorm'].pk}")
    assert launch.status_code == 200
    assert_site_policy(launch)

    content = Client(HTTP_HOST="scorm.testserver")
    player = content.get(reverse("scorm_content:player", urlconf="courses.scorm.content_urls",
                                 args=[launch_token(superuser, site["scorm"])]))
    assert player.status_code == 200
    assert csp_directives(player) == {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"], "frame-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"],
        "form-action": ["'self'"], "frame-ancestors": ["'self'", "http://127.0.0.1:8000"],
    }
    grant = file_grant(superuser, package)
    for member in ["index.html", "sco.js"]:
        response = content.get(reverse("scorm_content:package_file", urlconf="courses.scorm.content_urls",
                                       args=[grant, member]))
        assert response.status_code == 200
        policy = csp_directives(response)
        assert "sandbox" not in policy  # the content origin is what isolates it: it must keep its origin
        assert policy["script-src"] == ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
        assert policy["connect-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'", "http://127.0.0.1:8000"] and policy["object-src"] == ["'none'"]
        assert "X-Frame-Options" not in response
        assert b"".join(response.streaming_content)  # read to the end, a streamed file ends its request


def test_admin_dashboard_and_editor_allow_wagtails_inline_code_and_nothing_else(admin_client, site):
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[site["text"].pk]),
        reverse("wagtailadmin_pages:edit", args=[site["video"].pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response, ADMIN_POLICY)


def test_json_answers_carry_it_and_documents_keep_wagtails_stricter_one(admin_client, site):
    heartbeat = admin_client.post(reverse("records:heartbeat", args=[site["video"].pk]), "{}", content_type="application/json")
    assert_site_policy(heartbeat)
    edition = site["manual"].editions.first()
    pdf = admin_client.get(reverse("webtoons:manual_read", args=[edition.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert csp_directives(pdf) == {"default-src": ["'none'"]}  # WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT


@override_settings(ROOT_URLCONF="tests.home.csp_urls")
def test_error_pages_carry_it(site, superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    forbidden = client.get(reverse("scorm:launch", args=[site["scorm"].package.pk]) + f"?page={site['text'].pk}")
    assert forbidden.status_code == 403
    assert_site_policy(forbidden)
    oversized = client.post(reverse("records:heartbeat", args=[site["video"].pk]), "x" * 11_000_000, content_type="application/json")
    assert oversized.status_code == 400
    assert_site_policy(oversized)
    failed = client.get("/broken/")
    assert failed.status_code == 500
    assert_site_policy(failed)


@override_settings(ROOT_URLCONF="tests.home.csp_urls")
def test_an_inline_script_runs_with_the_requests_nonce_and_the_rest_of_the_policy_holds(client, site):
    response = client.get("/nonced/")
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert_site_policy(response, {**SITE_POLICY, "script-src": ["'self'", f"'nonce-{nonce}'"]})
    assert_site_policy(client.get("/admin/login/"), ADMIN_POLICY)  # no nonce: it would void the admin's unsafe-inline


@override_settings(SCORM_CONTENT_ORIGIN="https://scorm.seoul.example")
def test_frames_may_also_come_from_the_scorm_content_origin(client, site):  # and from there only
    assert csp_directives(client.get("/"))["frame-src"] == ["'self'", "https://scorm.seoul.example"]


S3_MEDIA = {
    "STORAGES": {
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "AWS_STORAGE_BUCKET_NAME": "lms-media",
    "AWS_S3_REGION_NAME": "ap-northeast-2",
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_QUERYSTRING_AUTH": True,
}


@override_settings(**S3_MEDIA, AWS_S3_ENDPOINT_URL="https://objects.seoul.example:9000")
def test_media_comes_from_the_storages_origin(client, site):
    policy = csp_directives(client.get("/"))
    storage = "https://objects.seoul.example:9000"
    assert policy["img-src"] == ["'self'", "data:", storage]
    assert policy["media-src"] == ["'self'", "blob:", storage]
    assert policy["connect-src"] == ["'self'", storage]  # hls.js fetches the segments
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]


@override_settings(**S3_MEDIA)
def test_amazon_s3_without_an_endpoint_serves_from_the_buckets_own_host(client, site):
    assert "https://lms-media.s3.amazonaws.com" in csp_directives(client.get("/"))["media-src"]
