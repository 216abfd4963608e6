"""SCORM zips built in the tests, good and bad."""

import io
import stat
import struct
import zipfile

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m12" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org0"><title>다른 조직</title>
      <item identifier="i0" identifierref="r_other"><title>다른</title></item>
    </organization>
    <organization identifier="org1"><title>기본 조직</title>
      <item identifier="i1"><title>묶음</title>
        <item identifier="i2" identifierref="r1" parameters="?lang=ko"><title>첫 차시</title></item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r_other" type="webcontent" adlcp:scormtype="sco" href="other.html"/>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="content/start.html"/>
  </resources>
</manifest>"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1"><title>과정</title>
      <item identifier="i1" identifierref="r1"><title>차시</title></item>
    </organization>
  </organizations>
  <resources xml:base="sco/">
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="index.html"/>
  </resources>
</manifest>"""

PAGE = b"<!DOCTYPE html><html lang='ko'><head><title>t</title></head><body>\xed\x95\x99\xec\x8a\xb5</body></html>"


def build(files, *, compression=zipfile.ZIP_DEFLATED):
    """A zip of {name: bytes or str}; ZipInfo values are written as given (for crafted entries)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            if isinstance(name, zipfile.ZipInfo):
                archive.writestr(name, data)
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def package_12(**extra):
    return build({"imsmanifest.xml": MANIFEST_12, "content/start.html": PAGE, "other.html": PAGE, **extra})


def package_2004(**extra):
    return build({"imsmanifest.xml": MANIFEST_2004, "sco/index.html": PAGE, **extra})


def symlink_entry(name, target):
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def encrypted(data):
    """Set the 'encrypted' flag bit of every entry (local headers and central directory)."""
    raw = bytearray(data)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (index := raw.find(signature, start)) != -1:
            flags = struct.unpack_from("<H", raw, index + flag_offset)[0]
            struct.pack_into("<H", raw, index + flag_offset, flags | 0x1)
            start = index + 4
    return bytes(raw)


def lying_sizes(data, declared):
    """Rewrite every entry's uncompressed size in both headers to `declared` (a bomb that lies)."""
    raw = bytearray(data)
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (index := raw.find(signature, start)) != -1:
            struct.pack_into("<I", raw, index + size_offset, declared)
            start = index + 4
    return bytes(raw)


def in_folder(folder, files, *, macos_leftovers=False):
    """A zip of the package's folder, as "compress this folder" makes it: every entry under `folder/`
    (with its directory entries), and with macOS's __MACOSX/ resource forks beside it if asked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"{folder}/"), b"")
        for directory in sorted({name.rsplit("/", 1)[0] for name in files if "/" in name}):
            archive.writestr(zipfile.ZipInfo(f"{folder}/{directory}/"), b"")
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}", data)
            if macos_leftovers:
                archive.writestr(f"__MACOSX/{folder}/._{name}", b"\x00\x05\x16\x07")
        if macos_leftovers:
            archive.writestr(f"{folder}/.DS_Store", b"\x00\x00\x00\x01Bud1")
    return buffer.getvalue()
