"""Serving package files: only with a valid grant, never outside the package, always sandboxed."""

import html
import json
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from courses.scorm.access import content_token
from tests.factories import csp_directives

from . import zips
from .conftest import make_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(package_demo, lesson_factory):
    return lesson_factory(package_demo)


def url(token, path):
    return reverse("scorm:package_file", kwargs={"token": token, "path": path})


def test_launch_page_needs_login(client, package_demo, lesson):
    response = client.get(reverse("scorm:launch", args=[package_demo.pk]), {"page": lesson.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_launch_page_refuses_a_page_of_another_package(client, learner, lesson, lesson_factory):
    other = make_package(zips.package_12(), title="다른 패키지")
    client.force_login(learner)
    assert client.get(reverse("scorm:launch", args=[other.pk]), {"page": lesson.pk}).status_code == 403
    assert client.get(reverse("scorm:launch", args=[other.pk]), {"page": "x"}).status_code == 404


def test_launch_page_renders_a_sandboxed_frame_pointing_at_the_granted_content(client, learner, package_demo, lesson):
    client.force_login(learner)
    response = client.get(reverse("scorm:launch", args=[package_demo.pk]), {"page": lesson.pk})
    page = response.content.decode()
    assert 'sandbox="allow-scripts allow-forms allow-popups"' in page
    assert "allow-same-origin" not in page
    config = json.loads(re.search(r'type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["version"] == "1.2"
    assert config["commitUrl"] == f"/scorm/commit/{lesson.pk}/"
    assert config["contentUrl"].endswith("/index.html")
    assert config["cmi"]["cmi.core.student_id"] == "2024001"
    assert "vendor/scorm-again/scorm12.min.js" in page and "vendor/scorm-again/cross-frame-lms.min.js" in page


def test_files_need_a_grant(client, learner, package_demo, lesson):
    assert client.get(url("not-a-grant", "index.html")).status_code == 403
    forged = signing.dumps([learner.pk, package_demo.pk, lesson.pk], salt="another-salt", compress=True)
    assert client.get(url(forged, "index.html")).status_code == 403


def test_grant_expires(client, learner, package_demo, lesson, settings):
    token = content_token(learner, package_demo, lesson)
    settings.SCORM_CONTENT_GRANT_SECONDS = -1
    assert client.get(url(token, "index.html")).status_code == 403


def test_grant_of_another_user_is_refused_when_logged_in(client, learner, other_learner, package_demo, lesson):
    token = content_token(learner, package_demo, lesson)
    client.force_login(other_learner)
    assert client.get(url(token, "index.html")).status_code == 403


def test_html_is_served_sandboxed_with_the_bridge_and_the_learners_saved_data(client, learner, package_demo, lesson):
    from courses.scorm.models import ScormAttempt

    ScormAttempt.objects.create(user=learner, page=lesson, package=package_demo, version="1.2", exit="suspend",
                                cmi={"cmi.core.lesson_location": "3", "cmi.suspend_data": '{"visited":[1,2,3]}'})
    response = client.get(url(content_token(learner, package_demo, lesson), "index.html"))
    assert response.status_code == 200
    policy = csp_directives(response)
    assert policy["sandbox"] == ["allow-scripts", "allow-forms", "allow-popups"]
    assert policy["frame-ancestors"] == ["'self'"] and response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy["connect-src"] == ["'self'"]  # the package's own files, never a third party
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    after_charset = body.index('<meta charset="utf-8">') + len('<meta charset="utf-8">')
    assert body[after_charset:].startswith('<script src="/static/vendor/scorm-again/cross-frame-api.min.js"></script>')
    seed = json.loads(html.unescape(re.search(r'data-cmi="([^"]*)"', body).group(1)))
    assert seed["cmi.core.lesson_location"] == "3"
    assert seed["cmi.suspend_data"] == '{"visited":[1,2,3]}'
    assert seed["cmi.core.entry"] == "resume"
    assert "폭언·욕설 민원 3단계 대응" in body


def test_other_files_are_streamed_sandboxed(client, learner, package_demo, lesson):
    response = client.get(url(content_token(learner, package_demo, lesson), "sco.js"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert csp_directives(response)["sandbox"] == ["allow-scripts", "allow-forms", "allow-popups"]
    assert b"LMSInitialize" in b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "path",
    ["../../../../etc/passwd", "x/../../index.html", "%2e%2e/%2e%2e/secret", "..%2f..%2fsecret",
     "a%5c..%5c..%5cb", "missing.html", "%00index.html"],
)
def test_path_traversal_and_missing_files_are_404(client, learner, package_demo, lesson, path):
    token = content_token(learner, package_demo, lesson)
    response = Client().get(f"/scorm/content/{token}/{path}")
    assert response.status_code == 404


def test_a_grant_only_covers_its_own_package(client, learner, package_demo, lesson):
    other = make_package(zips.package_12(), title="다른 패키지")
    token = content_token(learner, package_demo, lesson)
    # the other package's file name exists only in the other package's folder
    assert client.get(url(token, "content/start.html")).status_code == 404
    assert client.get(url(content_token(learner, other, lesson), "content/start.html")).status_code == 200


def test_package_files_are_not_public_media(client, package_demo):
    assert client.get(f"/media/{package_demo.storage_prefix}index.html").status_code == 404


def test_long_saved_data_does_not_push_the_charset_out_of_the_first_kilobyte(client, learner, package_demo, lesson):
    from courses.scorm.models import ScormAttempt

    ScormAttempt.objects.create(user=learner, page=lesson, package=package_demo, version="1.2",
                                cmi={"cmi.suspend_data": "가" * 64_000})
    body = client.get(url(content_token(learner, package_demo, lesson), "index.html")).content
    assert body.index(b'<meta charset="utf-8">') < 1024
    assert len(body) > 64_000


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b"<html><HEAD lang=ko><title>x</title></HEAD></html>", b"<html><HEAD lang=ko>[S]<title>x</title></HEAD></html>"),
        (b"<html lang=ko><body>x</body></html>", b"<html lang=ko>[S]<body>x</body></html>"),
        (b"<p>fragment</p>", b"[S]<p>fragment</p>"),
        (b"<head><meta http-equiv='Content-Type' content='text/html; charset=euc-kr'></head>",
         b"<head><meta http-equiv='Content-Type' content='text/html; charset=euc-kr'>[S]</head>"),
    ],
)
def test_bridge_placement(document, expected):
    from courses.scorm.views import _inject

    assert _inject(document, b"[S]") == expected
