"""Panel images: checking an editor's bulk upload (image files or one zip) and storing it as Wagtail images.

Checking reads everything before anything is stored, so a bad batch is refused as a whole with one
Korean message per problem; storing happens in one transaction and removes the files it wrote if it fails.
A strip taller than a readable panel is cut into pieces on the way (webtoons/strips.py): each piece is a
panel of its own, marked as continuing the one above, and the strip counts as one image in the limits.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.images import get_image_model

from lms.home.korean import josa
from webtoons import strips

MB = 1024 * 1024
MAX_IMAGE_BYTES = 10 * MB
MAX_BATCH_BYTES = 100 * MB
MAX_PANELS = 60
MAX_IMAGE_PIXELS = 40_000_000
# Images inside a zip are already compressed; a far higher ratio means a decompression bomb.
MAX_ZIP_RATIO = 50
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
ARCHIVE_SUFFIXES = {".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".alz", ".egg"}
# Folders and files that operating systems add to archives on their own.
OS_METADATA = re.compile(r"^(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.IGNORECASE)

# Reader widths: phones (360 CSS px), phones at 2x and narrow desktops (720), desktops at 1.5x (1080).
PANEL_WIDTHS = (360, 720, 1080)
PANEL_RENDITION_SPECS = tuple(f"width-{width}|format-webp" for width in PANEL_WIDTHS)
THUMBNAIL_SPEC = "fill-320x200-c0|format-webp"
ALL_RENDITION_SPECS = (*PANEL_RENDITION_SPECS, THUMBNAIL_SPEC)

LIMITS_HELP = (
    f"JPEG·PNG·WebP 이미지 여러 장 또는 이미지만 담은 zip 파일 하나. 파일 이름 순서(1, 2, … 10)로 패널이 추가됩니다. "
    f"한 장 {MAX_IMAGE_BYTES // MB}MB·{MAX_IMAGE_PIXELS // 1_000_000}백만 화소 이하, 한 번에 {MAX_BATCH_BYTES // MB}MB 이하, "
    f"한 회차 최대 {MAX_PANELS}장, zip 안에는 폴더 없이 이미지 파일만 넣으세요. 세로로 긴 이미지(웹툰 한 화 전체 등)는 "
    f"읽기 좋은 높이의 조각으로 나뉘어 순서대로 들어가며, 첫 조각의 대체텍스트가 그 이미지 전체를 설명합니다."
)


@dataclass(frozen=True)
class PanelFile:
    name: str  # the stored file's name (a piece of a strip: "strip-02.png")
    content: bytes
    width: int
    height: int
    source_name: str = ""  # the uploaded file's name, when this is a piece of it
    part: int = 1
    parts: int = 1

    @property
    def continues_previous(self):
        return self.part > 1

    @property
    def label(self):
        if self.parts == 1:
            return self.name
        return f"{self.source_name} 조각 {self.part}/{self.parts}"


def natural_key(name):
    """Sort key that puts 2.png before 10.png."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def read_panel_files(uploads, *, existing_panels=0):
    """Check uploaded files (images or zips) and return them as PanelFiles in natural filename order.

    Raises ValidationError listing every problem found; nothing is stored either way.
    """
    errors = []
    candidates = []
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            candidates += _unpack_zip(upload, errors)
        elif upload.size > MAX_IMAGE_BYTES:
            errors.append(_too_big(upload.name, upload.size))
        else:
            candidates.append((PurePosixPath(upload.name).name, upload.read()))

    total_bytes = sum(len(content) for _, content in candidates)
    if total_bytes > MAX_BATCH_BYTES:
        errors.append(
            f"한 번에 올릴 수 있는 용량은 {MAX_BATCH_BYTES // MB}MB입니다(이번 업로드 {total_bytes / MB:.1f}MB). 나누어 올려 주세요."
        )
    if existing_panels + len(candidates) > MAX_PANELS:
        errors.append(
            f"한 회차의 패널은 최대 {MAX_PANELS}장입니다. 이미 {existing_panels}장이 있어 "
            f"{len(candidates)}장을 더 올릴 수 없습니다."
        )
    if errors:
        raise ValidationError(errors)

    panels = [_checked_image(name, content, errors) for name, content in sorted(candidates, key=lambda c: natural_key(c[0]))]
    if errors:
        raise ValidationError(errors)
    return [piece for panel in panels for piece in panel_pieces(panel)]


def panel_pieces(panel_file):
    """The panel file itself, or, for a strip too tall to read as one panel, its pieces in reading order."""
    pieces = strips.slice_strip(panel_file.content)
    if not pieces:
        return [panel_file]
    stem, dot, suffix = panel_file.name.rpartition(".")
    return [
        PanelFile(
            name=f"{stem}-{number:02d}{dot}{suffix}" if dot else f"{panel_file.name}-{number:02d}",
            content=piece.content,
            width=piece.width,
            height=piece.height,
            source_name=panel_file.name,
            part=number,
            parts=len(pieces),
        )
        for number, piece in enumerate(pieces, start=1)
    ]


def _too_big(name, size):
    return f"‘{name}’: 파일이 너무 큽니다({size / MB:.1f}MB). 한 장은 {MAX_IMAGE_BYTES // MB}MB 이하여야 합니다."


def _unpack_zip(upload, errors):
    zip_name = upload.name
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        errors.append(f"‘{zip_name}’: 압축 파일이 손상되었거나 zip 형식이 아닙니다.")
        return []

    with archive:
        entries = []
        for info in archive.infolist():
            name = info.filename
            if OS_METADATA.match(name):
                continue
            path = PurePosixPath(name.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
                errors.append(f"‘{zip_name}’: 허용되지 않는 경로가 들어 있습니다(‘{name}’). 압축 파일 밖을 가리키는 경로는 받을 수 없습니다.")
            elif info.is_dir() or len(path.parts) > 1:
                errors.append(
                    f"‘{zip_name}’: 폴더가 들어 있습니다(‘{name}’). 폴더 없이 이미지 파일만 압축해 주세요."
                )
            elif path.suffix.lower() in ARCHIVE_SUFFIXES:
                errors.append(f"‘{zip_name}’: 압축 파일 안에 다른 압축 파일(‘{name}’)을 넣을 수 없습니다.")
            elif info.flag_bits & 0x1:
                errors.append(f"‘{zip_name}’: 암호가 걸린 파일(‘{name}’)은 열 수 없습니다.")
            elif info.file_size > MAX_IMAGE_BYTES:
                errors.append(_too_big(name, info.file_size))
            elif info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                errors.append(
                    f"‘{zip_name}’: ‘{name}’의 압축률이 비정상적으로 높습니다(압축 폭탄 의심). 이미지 파일을 그대로 압축해 주세요."
                )
            else:
                entries.append(info)

        if len(entries) > MAX_PANELS:
            errors.append(f"‘{zip_name}’: 이미지가 {len(entries)}개입니다. 한 회차의 패널은 최대 {MAX_PANELS}장입니다.")
            return []
        declared = sum(info.file_size for info in entries)
        if declared > MAX_BATCH_BYTES:
            errors.append(
                f"‘{zip_name}’: 압축을 풀면 {declared / MB:.1f}MB입니다. 한 번에 {MAX_BATCH_BYTES // MB}MB까지 올릴 수 있습니다."
            )
            return []
        if errors:
            return []

        unpacked = []
        for info in entries:
            try:
                with archive.open(info) as member:
                    # Never trust the size in the header: read at most one byte past the limit.
                    content = member.read(MAX_IMAGE_BYTES + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                errors.append(f"‘{zip_name}’: {josa(f'‘{info.filename}’', '을')} 풀 수 없습니다. 압축 파일이 손상되었습니다.")
                continue
            if len(content) > MAX_IMAGE_BYTES:
                errors.append(_too_big(info.filename, len(content)))
                continue
            unpacked.append((info.filename, content))
        return unpacked


def _checked_image(name, content, errors):
    try:
        with PILImage.open(io.BytesIO(content)) as image:
            image_format, (width, height) = image.format, image.size
            if image_format not in ACCEPTED_FORMATS:
                errors.append(f"‘{name}’: {image_format} 형식은 받을 수 없습니다. JPEG·PNG·WebP 이미지만 올려 주세요.")
                return None
            if width * height > MAX_IMAGE_PIXELS:
                errors.append(_too_many_pixels(name, width, height))
                return None
            image.verify()
        # verify() does not decode pixel data; loading it catches truncated files.
        with PILImage.open(io.BytesIO(content)) as image:
            image.load()
            width, height = strips.oriented_size(image)
        if strips.is_tall(width, height) and strips.too_many_pieces(width, height):
            errors.append(
                f"‘{name}’: 이미지가 너무 가늘고 깁니다({width}×{height}). 읽기 좋은 높이로 나누면 "
                f"{strips.MAX_PIECES}조각이 넘습니다. 폭이 더 넓은 원본을 올려 주세요."
            )
            return None
    except PILImage.DecompressionBombError:
        errors.append(f"‘{name}’: 이미지가 너무 큽니다. 한 장은 {MAX_IMAGE_PIXELS // 1_000_000}백만 화소 이하여야 합니다.")
        return None
    except UnidentifiedImageError:
        errors.append(f"‘{name}’: 이미지 파일이 아닙니다. JPEG·PNG·WebP 이미지만 올려 주세요.")
        return None
    except (OSError, SyntaxError, ValueError):
        errors.append(f"‘{name}’: 이미지가 손상되어 열 수 없습니다.")
        return None
    return PanelFile(name=name, content=content, width=width, height=height, source_name=name)


def _too_many_pixels(name, width, height):
    return (
        f"‘{name}’: 이미지가 너무 큽니다({width}×{height}). "
        f"한 장은 {MAX_IMAGE_PIXELS // 1_000_000}백만 화소 이하여야 합니다."
    )


def create_panel_images(panel_files, *, title_prefix, user=None):
    """Store the checked files as Wagtail images with their reader renditions, all or nothing.

    Pieces of one strip share its panel number in their titles ("1화 패널 3 (strip.png 조각 2/19)").
    """
    Image = get_image_model()
    written = []
    images = []
    number = 0
    try:
        with transaction.atomic():
            for panel_file in panel_files:
                number += not panel_file.continues_previous
                image = Image(
                    title=f"{title_prefix} 패널 {number} ({panel_file.label})"[:255],
                    file=ContentFile(panel_file.content, name=panel_file.name),
                    uploaded_by_user=user,
                )
                image._set_image_file_metadata()
                image.save()
                written.append(image.file)
                images.append(image)
                written += [rendition.file for rendition in generate_renditions(image)]
    except Exception:
        for stored_file in written:
            stored_file.delete(save=False)
        raise
    return images


def split_tall_image(image, *, title_prefix, user=None):
    """A tall image chosen for one panel in the admin, stored again as its pieces; [] if it is not too tall.

    The stored width and height ignore EXIF orientation, so the file is only opened when either way round
    could be too tall.
    """
    if not strips.is_tall(min(image.width, image.height), max(image.width, image.height)):
        return []
    with image.open_file() as stored:
        content = stored.read()
    name = PurePosixPath(image.file.name).name
    pieces = panel_pieces(PanelFile(name=name, content=content, width=image.width, height=image.height, source_name=name))
    if len(pieces) == 1:
        return []
    return create_panel_images(pieces, title_prefix=title_prefix, user=user)


def generate_renditions(image):
    """Make the reader's renditions now, so that readers never wait for (or query about) them."""
    return list(image.get_renditions(*ALL_RENDITION_SPECS).values())
