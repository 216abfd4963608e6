"""The "SCORM 패키지" snippet: an upload is checked before saving and unpacked on save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.scorm.models import PackageStatus, ScormPackage
from lms.people.models import User

from . import zips
from .test_packaging import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser(username="9000001", password="pw-12345!"))
    return client


def upload(client, data, url=None, title="민원 응대 SCORM"):
    url = url or reverse("wagtailsnippets_scorm_scormpackage:add")
    return client.post(url, {"title": title, "package_file": SimpleUploadedFile("p.zip", data, "application/zip")})


def test_menu_and_listing(editor_client):
    response = editor_client.get(reverse("wagtailsnippets_scorm_scormpackage:list"))
    assert response.status_code == 200
    assert "SCORM 패키지" in response.content.decode()


def test_bad_upload_shows_the_korean_reason_and_saves_nothing(editor_client):
    info, target = zips.symlink_entry("content/link.html", b"/etc/passwd")
    response = upload(editor_client, zips.build({"imsmanifest.xml": zips.MANIFEST_12, info: target}))
    assert response.status_code == 200
    assert "심볼릭 링크는 패키지에 넣을 수 없습니다: content/link.html" in response.content.decode()
    assert not ScormPackage.objects.exists()
    assert stored_files() == []


def test_good_upload_is_unpacked_and_a_new_file_replaces_it(editor_client):
    response = upload(editor_client, zips.package_12())
    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert (package.status, package.version, package.launch_href) == (PackageStatus.READY, "1.2",
                                                                      "content/start.html?lang=ko")
    first_prefix = package.storage_prefix

    edit_url = reverse("wagtailsnippets_scorm_scormpackage:edit", args=[package.pk])
    assert editor_client.post(edit_url, {"title": "제목만 바꿈"}).status_code == 302
    package.refresh_from_db()
    assert package.storage_prefix == first_prefix and package.title == "제목만 바꿈"

    assert upload(editor_client, zips.package_2004(), url=edit_url).status_code == 302
    package.refresh_from_db()
    assert package.version == "2004" and package.storage_prefix != first_prefix
    assert stored_files(first_prefix) == []


def test_deleting_a_package_removes_its_files(editor_client, django_capture_on_commit_callbacks):
    upload(editor_client, zips.package_12())
    package = ScormPackage.objects.get()
    assert stored_files(f"scorm/{package.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("wagtailsnippets_scorm_scormpackage:delete", args=[package.pk]))
    assert not ScormPackage.objects.exists()
    assert stored_files("scorm/") == []
