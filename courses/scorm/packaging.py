"""Checking and unpacking an uploaded SCORM zip.

A package is untrusted input: every entry name, the declared and the actual sizes, and the manifest
are checked before anything is written, and the actual bytes are counted again while extracting so
a zip whose headers lie about its sizes still stops at the limit. Extraction writes into a fresh
storage prefix and deletes whatever it wrote if anything goes wrong, so storage never holds half a
package.
"""

import contextlib
import os
import posixpath
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from django.core.files import File

MANIFEST_NAME = "imsmanifest.xml"
MANIFEST_MAX_BYTES = 5 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
SPOOL_MAX_BYTES = 1024 * 1024
DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# What archivers add beside the folder they compress: macOS's resource forks and Finder files.
ARCHIVER_LEFTOVERS = ("__MACOSX/", ".DS_Store", "Thumbs.db")

SCORM_12 = "1.2"
SCORM_2004 = "2004"


class PackageError(Exception):
    """A package that cannot be used; the message is shown to the editor as is."""


@dataclass(frozen=True)
class PackageInfo:
    version: str
    launch_href: str
    items: list
    file_count: int
    uncompressed_bytes: int


def max_files():
    return settings.SCORM_MAX_FILES


def max_uncompressed_bytes():
    return settings.SCORM_MAX_UNCOMPRESSED_BYTES


def safe_member_path(name):
    """The normalised relative path of a package member, or None if it could escape its folder."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or DRIVE_LETTER.match(name):
        return None
    parts = name.split("/")
    if any(part == ".." for part in parts):
        return None
    normalised = posixpath.normpath(name)
    if normalised in (".", "") or normalised.startswith("../"):
        return None
    return normalised


def _is_symlink(info):
    return stat.S_ISLNK(info.external_attr >> 16)


def _open_zip(fileobj):
    try:
        fileobj.seek(0)
        return zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile as error:
        raise PackageError("ZIP 파일이 아니거나 손상된 파일입니다.") from error
    except (OSError, ValueError, EOFError) as error:
        raise PackageError("ZIP 파일을 읽을 수 없습니다. 손상되지 않았는지 확인해 주세요.") from error


def _checked_entries(archive):
    """The file entries of the archive after the checks that need no decompression."""
    infos = archive.infolist()
    files = [info for info in infos if not info.is_dir()]
    if len(files) > max_files():
        raise PackageError(f"패키지의 파일이 너무 많습니다({len(files):,}개). 최대 {max_files():,}개까지 올릴 수 있습니다.")
    seen = set()
    for info in infos:
        path = safe_member_path(info.filename.rstrip("/") if info.is_dir() else info.filename)
        if path is None:
            raise PackageError(
                f"허용되지 않는 경로가 들어 있습니다: {info.filename!r}. "
                "'..', 절대 경로, 드라이브 문자, 역슬래시가 든 경로는 쓸 수 없습니다."
            )
        if _is_symlink(info):
            raise PackageError(f"심볼릭 링크는 패키지에 넣을 수 없습니다: {info.filename}")
        if info.flag_bits & 0x1:
            raise PackageError(f"암호가 걸린 파일은 열 수 없습니다: {info.filename}")
        if not info.is_dir():
            if path in seen:
                raise PackageError(f"같은 이름의 파일이 두 번 들어 있습니다: {path}")
            seen.add(path)
    declared = sum(info.file_size for info in files)
    if declared > max_uncompressed_bytes():
        raise PackageError(_too_large_message(declared))
    return files


def _too_large_message(size):
    return (
        f"압축을 풀면 {size / 1_048_576:,.1f}MB로 허용 한도 {max_uncompressed_bytes() / 1_048_576:,.0f}MB를 넘습니다."
    )


def _read_chunks(archive, info, budget):
    """Yield the entry's bytes, counting them against `budget` (a one-item list of bytes left).

    Stops as soon as the limit is passed. This does not rely on the zip module truncating an entry at
    its declared size (and failing its CRC check), so headers that lie cannot get past the limit.
    """
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise PackageError(_too_large_message(max_uncompressed_bytes() - budget[0]))
                yield chunk
    except zipfile.BadZipFile as error:
        raise PackageError(f"손상된 파일이 있습니다: {info.filename}") from error
    except NotImplementedError as error:
        raise PackageError(f"지원하지 않는 압축 방식입니다: {info.filename}") from error
    except (OSError, EOFError, zipfile.LargeZipFile) as error:
        raise PackageError(f"파일을 풀 수 없습니다: {info.filename}") from error


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _attr(element, name):
    """An attribute by local name, whatever namespace prefix the authoring tool used."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _detect_version(root):
    for metadata in _children(root, "metadata"):
        for schema_version in _children(metadata, "schemaversion"):
            text = (schema_version.text or "").strip().lower()
            if "2004" in text or "1.3" in text:
                return SCORM_2004
            if "1.2" in text:
                return SCORM_12
    namespaces = " ".join(element.tag for element in root.iter() if isinstance(element.tag, str))
    namespaces += " ".join(key for element in root.iter() for key in element.attrib)
    if "adlcp_v1p3" in namespaces or "imsss" in namespaces:
        return SCORM_2004
    if "adlcp_rootv1p2" in namespaces:
        return SCORM_12
    raise PackageError("SCORM 버전을 알 수 없습니다. imsmanifest.xml에 SCORM 1.2 또는 SCORM 2004 정보가 있어야 합니다.")


def _join_base(*parts):
    return "".join(part for part in parts if part)


def _resource_href(resource, resources_base, parameters):
    """A resource's href with xml:base and the item's parameters."""
    href = _join_base(resources_base, _attr(resource, "base"), _attr(resource, "href").strip())
    if parameters:
        parameters = parameters.lstrip("?&")
        href += ("&" if "?" in href else "?") + parameters
    return href


def _title(element):
    return next(((child.text or "").strip() for child in _children(element, "title")), "")


def _organization_items(organization, by_id, resources_base):
    """The organization's items in document order, nested ones after their parent with a greater depth;
    an item that launches a resource has its href, a grouping item an empty one."""
    items = []

    def walk(element, depth):
        for item in _children(element, "item"):
            resource = by_id.get(_attr(item, "identifierref"))
            launches = resource is not None and _attr(resource, "href")
            items.append({
                "id": _attr(item, "identifier") or "",
                "title": _title(item),
                "href": _resource_href(resource, resources_base, _attr(item, "parameters") or "") if launches else "",
                "depth": depth,
            })
            walk(item, depth + 1)

    walk(organization, 0)
    return items


def _structure(root):
    """(launch href, items): the default organization's first launchable item and all its items; without
    an organization, the first SCO resource (or any resource with an href) and no items."""
    resources_elements = _children(root, "resources")
    resources = [res for container in resources_elements for res in _children(container, "resource")]
    resources_base = _attr(resources_elements[0], "base") if resources_elements else None
    by_id = {_attr(res, "identifier"): res for res in resources}

    organizations = _children(root, "organizations")
    if organizations:
        all_organizations = _children(organizations[0], "organization")
        default_id = _attr(organizations[0], "default")
        chosen = [org for org in all_organizations if _attr(org, "identifier") == default_id] or all_organizations
        items = _organization_items(chosen[0], by_id, resources_base) if chosen else []
        launchable = [item for item in items if item["href"]]
        if launchable:
            return launchable[0]["href"], items
    resource = next(
        (res for res in resources if (_attr(res, "scormtype") or _attr(res, "scormType") or "").lower() == "sco"
         and _attr(res, "href")),
        next((res for res in resources if _attr(res, "href")), None),
    )
    if resource is None or not _attr(resource, "href"):
        raise PackageError("실행할 수 있는 리소스가 없습니다. imsmanifest.xml의 organization과 resource(href)를 확인해 주세요.")
    return _resource_href(resource, resources_base, ""), []


def _checked_href(href, names, folder):
    path = safe_member_path(urlsplit(href).path)
    if path is None or urlsplit(href).scheme or urlsplit(href).netloc:
        raise PackageError(f"실행 파일 경로가 올바르지 않습니다: {href}")
    if folder + path not in names:
        raise PackageError(f"실행 파일이 패키지에 없습니다: {path}")


def _is_leftover(name):
    return name.startswith(ARCHIVER_LEFTOVERS[0]) or posixpath.basename(name) in ARCHIVER_LEFTOVERS[1:]


def package_root(names):
    """Where the package starts in the zip: "" when imsmanifest.xml is at the top, "folder/" when the
    zip is of the package's folder (every entry under that one folder, which holds the manifest: what
    "compress this folder" and download buttons make). Anything else is ambiguous and refused."""
    if MANIFEST_NAME in names:
        return ""
    kept = [name for name in names if not _is_leftover(name)]
    folders = {name.split("/", 1)[0] for name in kept}
    if len(folders) == 1 and all("/" in name for name in kept):
        root = folders.pop() + "/"
        if root + MANIFEST_NAME in names:
            return root
    if any(name.endswith("/" + MANIFEST_NAME) for name in kept):
        raise PackageError(
            "imsmanifest.xml이 ZIP의 최상위에도, ZIP에 하나뿐인 최상위 폴더 바로 아래에도 없습니다. "
            "imsmanifest.xml이 든 폴더를 통째로 압축하거나, 그 폴더 안의 파일들을 압축해 주세요."
        )
    raise PackageError("패키지 최상위에 imsmanifest.xml이 없습니다. SCORM 패키지의 압축 방식을 확인해 주세요.")


def _parse_manifest(archive, names, folder):
    info = archive.getinfo(folder + MANIFEST_NAME)
    if info.file_size > MANIFEST_MAX_BYTES:
        raise PackageError("imsmanifest.xml이 너무 큽니다.")
    data = b"".join(_read_chunks(archive, info, [MANIFEST_MAX_BYTES]))
    try:
        root = fromstring(data)
    except ParseError as error:
        raise PackageError(f"imsmanifest.xml의 XML 형식이 올바르지 않습니다({error}).") from error
    except DefusedXmlException as error:
        raise PackageError("imsmanifest.xml에 허용되지 않는 XML 엔티티 선언이 있습니다.") from error
    if _local(root.tag) != "manifest":
        raise PackageError("imsmanifest.xml의 최상위 요소가 manifest가 아닙니다.")
    version = _detect_version(root)
    href, items = _structure(root)
    for launched in [href, *(item["href"] for item in items if item["href"])]:
        _checked_href(launched, names, folder)
    return version, href, items


def _check(fileobj):
    """The open archive, its package files as (entry, name in the package), the version, the launch href
    and the default organization's items."""
    archive = _open_zip(fileobj)
    try:
        entries = _checked_entries(archive)
        names = {posixpath.normpath(info.filename) for info in entries}
        folder = package_root(names)
        version, href, items = _parse_manifest(archive, names, folder)
    except BaseException:
        archive.close()
        raise
    files = [
        (info, name[len(folder):]) for info in entries
        if (name := posixpath.normpath(info.filename)).startswith(folder) and not _is_leftover(name)
    ]
    return archive, files, version, href, items


def _info(files, version, href, items):
    return PackageInfo(
        version=version, launch_href=href, items=items, file_count=len(files),
        uncompressed_bytes=sum(info.file_size for info, _name in files),
    )


def inspect_package(fileobj):
    """Check a package completely (decompressing every entry, nothing written). Raises PackageError."""
    archive, files, version, href, items = _check(fileobj)
    with archive:
        budget = [max_uncompressed_bytes()]
        for info, _name in files:
            for _chunk in _read_chunks(archive, info, budget):
                pass
    fileobj.seek(0)
    return _info(files, version, href, items)


def delete_tree(storage, prefix):
    """Delete everything under `prefix` (works for local disk and S3 alike)."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(posixpath.join(prefix, name))
    for directory in directories:
        delete_tree(storage, posixpath.join(prefix, directory) + "/")
    if hasattr(storage, "path"):  # local disk keeps empty folders; object storage has none
        with contextlib.suppress(OSError):
            os.rmdir(storage.path(prefix))


def extract_package(fileobj, storage, prefix):
    """Check the package and write its files under `prefix`; on any failure nothing stays written."""
    archive, files, version, href, items = _check(fileobj)
    written = False
    try:
        with archive:
            budget = [max_uncompressed_bytes()]
            for info, member in files:
                name = prefix + member
                with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES) as spool:
                    for chunk in _read_chunks(archive, info, budget):
                        spool.write(chunk)
                    spool.seek(0)
                    written = True
                    saved = storage.save(name, File(spool, name=posixpath.basename(name)))
                if saved != name:
                    raise PackageError(f"저장소에 파일을 쓰지 못했습니다: {info.filename}")
    except BaseException:
        if written:
            delete_tree(storage, prefix)
        raise
    return _info(files, version, href, items)
