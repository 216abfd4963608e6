"""Every bad batch of panel images is refused as a whole, in Korean, and stores nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images import get_image_model

from webtoons import panel_images
from webtoons.panel_images import MAX_PANELS, create_panel_images, read_panel_files

from .factories import image_bytes, upload


def zip_upload(entries, name="panels.zip", compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for entry_name, content in entries:
            archive.writestr(entry_name, content)
    return upload(name, buffer.getvalue(), content_type="application/zip")


def messages(error):
    return " ".join(error.value.messages)


def test_files_come_back_in_natural_filename_order():
    files = read_panel_files([upload("10.png"), upload("2.png"), upload("1.png"), upload("panel-03.jpg", image_bytes(image_format="JPEG"))])
    assert [panel.name for panel in files] == ["1.png", "2.png", "10.png", "panel-03.jpg"]
    assert (files[0].width, files[0].height) == (80, 100)


def test_a_zip_of_images_is_unpacked_in_natural_order_ignoring_os_metadata():
    archive = zip_upload(
        [("ep1-10.png", image_bytes()), ("ep1-9.png", image_bytes()), ("__MACOSX/._ep1-9.png", b"junk"), (".DS_Store", b"junk")]
    )
    assert [panel.name for panel in read_panel_files([archive])] == ["ep1-9.png", "ep1-10.png"]


@pytest.mark.parametrize(
    ("uploaded", "expected"),
    [
        (upload("memo.png", b"this is not an image at all"), "‘memo.png’: 이미지 파일이 아닙니다"),
        (upload("cut.png", image_bytes(400, 400)[:300]), "‘cut.png’: 이미지가 손상되어 열 수 없습니다"),
        (upload("anim.gif", image_bytes(image_format="GIF"), "image/gif"), "GIF 형식은 받을 수 없습니다"),
        (upload("huge.png", b"0" * (panel_images.MAX_IMAGE_BYTES + 1)), "한 장은 10MB 이하여야 합니다"),
    ],
    ids=["not-an-image", "corrupt", "wrong-format", "oversized"],
)
def test_bad_single_files_are_refused_with_korean_messages(uploaded, expected):
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload("good.png"), uploaded])
    assert expected in messages(error)


def test_an_image_with_too_many_pixels_is_refused_before_decoding():
    buffer = io.BytesIO()
    PILImage.new("1", (7000, 7000)).save(buffer, "PNG")  # 49 megapixels in a few kilobytes
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload("wide.png", buffer.getvalue())])
    assert "‘wide.png’: 이미지가 너무 큽니다(7000×7000)" in messages(error)


def test_too_many_panels_counting_those_already_on_the_episode():
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload(f"{n}.png") for n in range(3)], existing_panels=MAX_PANELS - 2)
    assert f"한 회차의 패널은 최대 {MAX_PANELS}장입니다" in messages(error)


def test_every_problem_is_listed_at_once():
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload("a.png", b"nope"), upload("b.png", b"nope either")])
    assert len(error.value.messages) == 2


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([("ep1/01.png", image_bytes())], "폴더가 들어 있습니다(‘ep1/01.png’)"),
        ([("ep1/", b"")], "폴더가 들어 있습니다"),
        ([("../../evil.png", image_bytes())], "허용되지 않는 경로"),
        ([("/etc/evil.png", image_bytes())], "허용되지 않는 경로"),
        ([("inner.zip", b"PK\x03\x04")], "다른 압축 파일(‘inner.zip’)"),
        ([("bomb.png", b"\0" * (5 * 1024 * 1024))], "압축 폭탄 의심"),
    ],
    ids=["nested-dir", "dir-entry", "zip-slip", "absolute-path", "nested-zip", "bomb"],
)
def test_bad_zips_are_refused(entries, expected):
    with pytest.raises(ValidationError) as error:
        read_panel_files([zip_upload(entries)])
    assert expected in messages(error)


def test_a_zip_whose_header_lies_about_sizes_is_still_bounded(monkeypatch):
    monkeypatch.setattr(panel_images, "MAX_IMAGE_BYTES", 1000)
    monkeypatch.setattr(panel_images, "MAX_ZIP_RATIO", 10**9)
    archive = zip_upload([("big.png", b"x" * 5000)], compression=zipfile.ZIP_STORED)
    with pytest.raises(ValidationError) as error:
        read_panel_files([archive])
    assert "‘big.png’: 파일이 너무 큽니다" in messages(error)


def test_a_corrupt_zip_is_refused():
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload("panels.zip", b"PK\x03\x04 broken", "application/zip")])
    assert "‘panels.zip’: 압축 파일이 손상되었거나 zip 형식이 아닙니다" in messages(error)


def test_too_many_images_in_a_zip():
    with pytest.raises(ValidationError) as error:
        read_panel_files([zip_upload([(f"{n}.png", b"x") for n in range(MAX_PANELS + 1)])])
    assert f"이미지가 {MAX_PANELS + 1}개입니다" in messages(error)


@pytest.mark.django_db
def test_storing_creates_images_with_webp_renditions():
    images = create_panel_images(read_panel_files([upload("1.png"), upload("2.png")]), title_prefix="1화")
    assert [image.title for image in images] == ["1화 패널 1 (1.png)", "1화 패널 2 (2.png)"]
    specs = set(images[0].renditions.values_list("filter_spec", flat=True))
    assert specs == set(panel_images.ALL_RENDITION_SPECS)
    assert all(rendition.file.name.endswith(".webp") for rendition in images[0].renditions.all())


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_storing_leaves_no_rows_and_no_files(settings, monkeypatch):
    calls = []

    def fail_on_second_image(image):
        calls.append(image)
        if len(calls) == 2:
            raise OSError("디스크가 가득 찼습니다")
        return original(image)

    original = panel_images.generate_renditions
    monkeypatch.setattr(panel_images, "generate_renditions", fail_on_second_image)
    files = read_panel_files([upload("1.png"), upload("2.png"), upload("3.png")])
    with pytest.raises(OSError):
        create_panel_images(files, title_prefix="1화")
    assert get_image_model().objects.count() == 0
    stored = [path for path in (settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert stored == []
