"""Uploads: every bad zip is refused with a Korean reason and leaves nothing in storage."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage

from courses.scorm.packaging import PackageError, extract_package, inspect_package, safe_member_path
from courses.scorm.models import PackageStatus

from . import zips
from .conftest import make_package

pytestmark = pytest.mark.django_db


def check(data):
    return inspect_package(io.BytesIO(data))


def refused(data):
    with pytest.raises(PackageError) as caught:
        check(data)
    return str(caught.value)


def stored_files(prefix="scorm/"):
    found = []

    def walk(path):
        try:
            directories, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(path + name for name in files)
        for directory in directories:
            walk(path + directory + "/")

    walk(prefix)
    return found


def test_scorm_12_manifest_is_detected_with_the_default_organizations_first_item():
    info = check(zips.package_12())
    assert info.version == "1.2"
    assert info.launch_href == "content/start.html?lang=ko"  # default org "org1", nested first item, parameters
    assert info.file_count == 3


def test_scorm_2004_manifest_is_detected_with_xml_base():
    info = check(zips.package_2004())
    assert info.version == "2004"
    assert info.launch_href == "sco/index.html"


def test_version_from_namespace_when_schemaversion_is_missing():
    manifest = zips.MANIFEST_2004.replace("<schemaversion>2004 4th Edition</schemaversion>", "")
    assert check(zips.build({"imsmanifest.xml": manifest, "sco/index.html": zips.PAGE})).version == "2004"
    manifest = zips.MANIFEST_12.replace("<schemaversion>1.2</schemaversion>", "")
    assert check(zips.package_12(**{"imsmanifest.xml": manifest})).version == "1.2"


def test_not_a_zip():
    assert refused(b"%PDF-1.7 this is not a zip") == "ZIP 파일이 아니거나 손상된 파일입니다."


def test_truncated_zip():
    assert "ZIP 파일이 아니거나 손상된" in refused(zips.package_12()[:-40])


def test_corrupt_entry_data():
    data = bytearray(zips.build({"imsmanifest.xml": zips.MANIFEST_12, "content/start.html": zips.PAGE * 50,
                                 "other.html": zips.PAGE}, compression=zipfile.ZIP_STORED))
    position = bytes(data).find(b"</html>", 200)
    data[position:position + 7] = b"XXXXXXX"  # CRC no longer matches
    assert "손상된 파일이 있습니다" in refused(bytes(data))


def test_missing_manifest():
    assert "패키지 최상위에 imsmanifest.xml이 없습니다" in refused(zips.build({"index.html": zips.PAGE}))


PACKAGE_12_FILES = {"imsmanifest.xml": zips.MANIFEST_12, "content/start.html": zips.PAGE, "other.html": zips.PAGE}


@pytest.mark.parametrize("macos_leftovers", [False, True], ids=["plain", "macos"])
def test_a_zip_of_the_packages_folder_is_the_package(macos_leftovers):
    data = zips.in_folder("폭언대응_SCORM12", PACKAGE_12_FILES, macos_leftovers=macos_leftovers)
    info = check(data)
    assert (info.version, info.launch_href, info.file_count) == ("1.2", "content/start.html?lang=ko", 3)
    package = make_package(data)
    assert package.status == PackageStatus.READY
    assert sorted(stored_files(package.storage_prefix)) == sorted(package.storage_prefix + name for name in PACKAGE_12_FILES)


@pytest.mark.parametrize(
    "files",
    [
        {**{f"a/{name}": data for name, data in PACKAGE_12_FILES.items()}, "b/readme.txt": "다른 폴더"},
        {**{f"a/{name}": data for name, data in PACKAGE_12_FILES.items()}, "readme.txt": "최상위 파일"},
        {f"a/b/{name}": data for name, data in PACKAGE_12_FILES.items()},
    ],
    ids=["two-folders", "file-beside-the-folder", "two-levels-down"],
)
def test_anything_more_ambiguous_is_refused(files):
    message = refused(zips.build(files))
    assert "imsmanifest.xml이 ZIP의 최상위에도, ZIP에 하나뿐인 최상위 폴더 바로 아래에도 없습니다" in message


def test_malformed_manifest():
    message = refused(zips.package_12(**{"imsmanifest.xml": "<manifest><organizations></manifest>"}))
    assert "XML 형식이 올바르지 않습니다" in message


def test_manifest_with_entity_declarations_is_refused():
    billion_laughs = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                      "<manifest>&b;</manifest>")
    assert "엔티티" in refused(zips.package_12(**{"imsmanifest.xml": billion_laughs}))


def test_unknown_version():
    manifest = '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources/></manifest>'
    assert "SCORM 버전을 알 수 없습니다" in refused(zips.package_12(**{"imsmanifest.xml": manifest}))


def test_no_launchable_resource():
    manifest = zips.MANIFEST_12.split("<organizations")[0] + "<organizations/><resources/></manifest>"
    assert "실행할 수 있는 리소스가 없습니다" in refused(zips.package_12(**{"imsmanifest.xml": manifest}))


def test_launch_file_missing_from_the_zip():
    data = zips.build({"imsmanifest.xml": zips.MANIFEST_12, "other.html": zips.PAGE})
    assert "실행 파일이 패키지에 없습니다: content/start.html" in refused(data)


def test_launch_href_may_not_leave_the_package():
    manifest = zips.MANIFEST_2004.replace('href="index.html"', 'href="../../etc/passwd"')
    assert "실행 파일 경로가 올바르지 않습니다" in refused(zips.package_2004(**{"imsmanifest.xml": manifest}))
    manifest = zips.MANIFEST_2004.replace('xml:base="sco/"', "").replace('href="index.html"',
                                                                         'href="https://evil.example/x.html"')
    assert "실행 파일 경로가 올바르지 않습니다" in refused(zips.package_2004(**{"imsmanifest.xml": manifest}))


@pytest.mark.parametrize(
    "name",
    ["../evil.html", "content/../../evil.html", "/etc/passwd", "C:/Windows/evil.dll", "c:evil.txt",
     "content\\..\\evil.html", "..\\evil.html", "\\\\server\\share\\x"],
)
def test_zip_slip_entries_are_refused(name):
    assert "허용되지 않는 경로" in refused(zips.package_12(**{name: b"x"}))


def test_symlink_entry_is_refused():
    info, target = zips.symlink_entry("content/link.html", b"/etc/passwd")
    data = zips.build({"imsmanifest.xml": zips.MANIFEST_12, "content/start.html": zips.PAGE, info: target})
    assert refused(data) == "심볼릭 링크는 패키지에 넣을 수 없습니다: content/link.html"


def test_encrypted_entries_are_refused():
    assert "암호가 걸린 파일" in refused(zips.encrypted(zips.package_12()))


def test_duplicate_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", zips.MANIFEST_12)
        archive.writestr("content/start.html", zips.PAGE)
        with pytest.warns(UserWarning):
            archive.writestr("content/start.html", b"<script>evil()</script>")
    assert "같은 이름의 파일이 두 번" in refused(buffer.getvalue())


def test_too_many_files(settings):
    settings.SCORM_MAX_FILES = 5
    extra = {f"img/{number}.png": b"x" for number in range(3)}
    assert "파일이 너무 많습니다(6개). 최대 5개" in refused(zips.package_12(**extra))
    settings.SCORM_MAX_FILES = 6
    assert check(zips.package_12(**extra)).file_count == 6


def test_declared_uncompressed_size_over_the_limit(settings):
    settings.SCORM_MAX_UNCOMPRESSED_BYTES = 1_000_000
    bomb = zips.package_12(**{"content/big.bin": b"\0" * 2_000_000})
    assert len(bomb) < 10_000
    assert "허용 한도" in refused(bomb)


def test_bomb_whose_declared_sizes_lie_is_stopped_while_reading(settings):
    settings.SCORM_MAX_UNCOMPRESSED_BYTES = 1_000_000
    honest = zips.build({"imsmanifest.xml": zips.MANIFEST_12, "content/start.html": zips.PAGE,
                         "content/big.bin": b"\0" * 5_000_000})
    lying = zips.lying_sizes(honest, declared=1_000)  # the headers claim 3 × 1 kB in total
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert sum(info.file_size for info in archive.infolist()) == 3_000
    message = refused(lying)
    assert "손상된 파일이 있습니다" in message or "허용 한도" in message
    assert stored_files() == []


def test_actual_byte_budget_stops_extraction_even_if_the_zip_module_would_not(settings, monkeypatch):
    """The byte count does not trust the zip layer: feed it entries that really are bigger."""
    settings.SCORM_MAX_UNCOMPRESSED_BYTES = 300_000
    data = zips.package_12(**{"a.bin": b"\1" * 200_000, "b.bin": b"\2" * 90_000})
    original_open = zipfile.ZipFile.open

    def open_more(self, name, *args, **kwargs):  # entries yield more than their headers say
        content = original_open(self, name, *args, **kwargs).read()
        return io.BytesIO(content * 2 if getattr(name, "filename", name).endswith(".bin") else content)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_more)
    assert "허용 한도" in refused(data)
    with pytest.raises(PackageError):
        extract_package(io.BytesIO(data), default_storage, "scorm/budget/")
    assert stored_files() == []


def test_safe_member_path():
    assert safe_member_path("a/./b/c.html") == "a/b/c.html"
    for bad in ["", "..", "a/../../b", "/a", "a\\b", "C:x", "a\x00b", "."]:
        assert safe_member_path(bad) is None


def test_publish_extracts_under_package_id_and_content_hash():
    package = make_package(zips.package_12())
    assert package.status == PackageStatus.READY
    assert package.version == "1.2" and package.launch_href == "content/start.html?lang=ko"
    assert package.storage_prefix.startswith(f"scorm/{package.pk}/") and len(package.storage_prefix.split("/")[2]) == 16
    assert sorted(stored_files(package.storage_prefix)) == sorted(
        package.storage_prefix + name for name in ["imsmanifest.xml", "content/start.html", "other.html"]
    )


def test_new_version_replaces_the_old_files_only_after_it_is_complete():
    from django.core.files.base import ContentFile

    from courses.scorm.services import publish_package

    package = make_package(zips.package_12())
    old_prefix = package.storage_prefix
    package.package_file.save("v2.zip", ContentFile(zips.package_2004()), save=True)
    publish_package(package)
    assert package.version == "2004" and package.storage_prefix != old_prefix
    assert stored_files(old_prefix) == []
    assert sorted(stored_files(package.storage_prefix)) == [
        package.storage_prefix + "imsmanifest.xml", package.storage_prefix + "sco/index.html",
    ]


def test_failed_publish_keeps_nothing_and_says_why(settings):
    settings.SCORM_MAX_UNCOMPRESSED_BYTES = 1_000_000
    package = make_package(zips.lying_sizes(zips.build({
        "imsmanifest.xml": zips.MANIFEST_12, "content/start.html": zips.PAGE, "big.bin": b"\0" * 3_000_000,
    }), declared=2_000))
    assert package.status == PackageStatus.FAILED
    assert package.error_message
    assert stored_files(f"scorm/{package.pk}/") == []


def test_the_default_organizations_items_become_the_table_of_contents():
    from . import vendor_packages

    info = check(vendor_packages.three_scos_12())
    assert info.launch_href == "unit1/index.html"
    assert info.items == [
        {"id": "unit-1", "title": "1단원 이해하기", "href": "unit1/index.html", "depth": 0},
        {"id": "part-2", "title": "2부 실습", "href": "", "depth": 0},
        {"id": "unit-2", "title": "2단원 응대 연습", "href": "unit2/index.html", "depth": 1},
        {"id": "unit-3", "title": "3단원 마무리", "href": "unit3/index.html", "depth": 1},
    ]
    assert make_package(vendor_packages.three_scos_12()).sco_ids == ["unit-1", "unit-2", "unit-3"]
    assert make_package(zips.package_12()).sco_ids == []  # one SCO: its attempt has no SCO name


def test_every_sco_of_the_organization_must_be_in_the_zip():
    from . import vendor_packages

    data = vendor_packages.three_scos_12()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if name != "unit3/index.html"}
    assert "실행 파일이 패키지에 없습니다: unit3/index.html" in refused(zips.build(files))
