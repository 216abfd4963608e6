"""Tall strips (a whole episode in one image) are cut into readable panels at upload, in reading order."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from webtoons.panel_images import create_panel_images, read_panel_files
from webtoons.strips import MAX_PIECES, tallest_panel
from webtoons.text_alternatives import text_alternative_error

from .factories import animated_gif, encoded, exif_rotated_jpeg, upload, webtoon_strip

pytestmark = pytest.mark.django_db


def opened(panel_file):
    return PILImage.open(io.BytesIO(panel_file.content))


def stacked(panel_files):
    pieces = [opened(panel_file).convert("RGB") for panel_file in panel_files]
    whole = PILImage.new("RGB", (pieces[0].width, sum(piece.height for piece in pieces)))
    top = 0
    for piece in pieces:
        whole.paste(piece, (0, top))
        top += piece.height
    return whole


def test_a_720_by_30000_strip_is_cut_at_its_gutters_into_readable_panels_in_reading_order():
    strip, gutters = webtoon_strip()
    files = read_panel_files([upload("1화.png", encoded(strip))])

    heights = [panel_file.height for panel_file in files]
    assert sum(heights) == 30_000 and max(heights) <= 1600 and min(heights[:-1]) >= 800  # the last is what is left
    assert all(panel_file.width == 720 for panel_file in files)
    assert stacked(files).tobytes() == strip.tobytes()  # nothing lost, nothing reordered
    # Every cut falls in a gutter whenever one lies within reach; else (the 2,100 px panel) at 1,600 px.
    top = 0
    for height in heights[:-1]:
        cut = top + height
        reachable = [rows for rows in gutters if rows[0] < top + 1600 and rows[1] > top + 800]
        if reachable:
            assert any(first <= cut < last for first, last in gutters), (top, cut)
        else:
            assert height == 1600
        top = cut
    assert [panel_file.name for panel_file in files[:2]] == ["1화-01.png", "1화-02.png"]
    assert [panel_file.continues_previous for panel_file in files] == [False] + [True] * (len(files) - 1)
    assert files[1].label == f"1화.png 조각 2/{len(files)}"

    # What failed before: the reader renditions (WebP stops at 16,383 px).
    images = create_panel_images(files, title_prefix="1화")
    assert images[0].title == f"1화 패널 1 (1화.png 조각 1/{len(files)})"
    assert images[-1].title == f"1화 패널 1 (1화.png 조각 {len(files)}/{len(files)})"
    assert all(rendition.height <= 1600 for image in images for rendition in image.renditions.all())


def test_a_strip_without_gutters_is_cut_at_the_fixed_height():
    strip, _ = webtoon_strip(height=5000, gutters=False)
    files = read_panel_files([upload("gradient.png", encoded(strip))])
    assert [panel_file.height for panel_file in files] == [1600, 1600, 1600, 200]
    assert stacked(files).tobytes() == strip.tobytes()


@pytest.mark.parametrize(
    "name, content, width",
    [
        # A phone's scrolling capture and a Clip Studio export at webtoon width, as PNG and JPEG.
        pytest.param("capture.png", lambda: encoded(webtoon_strip(1080, 30_000)[0]), 1080, id="png-1080x30000"),
        pytest.param("export.jpg", lambda: encoded(webtoon_strip()[0], "JPEG", quality=90), 720, id="jpeg-720x30000"),
        pytest.param(
            "print.jpg", lambda: encoded(webtoon_strip()[0].convert("CMYK"), "JPEG", quality=90), 720, id="cmyk-jpeg"
        ),
        pytest.param("phone.jpg", lambda: exif_rotated_jpeg(webtoon_strip(720, 20_000)[0]), 720, id="exif-rotated-jpeg"),
    ],
)
def test_tall_images_of_every_real_shape_become_pieces_the_reader_can_show(name, content, width):
    files = read_panel_files([upload(name, content(), content_type="image/jpeg")])
    assert len(files) > 1
    for panel_file in files:
        piece = opened(panel_file)
        assert piece.width == width and piece.height <= tallest_panel(width)
        assert piece.mode in {"RGB", "L", "P", "RGBA"} and piece.format == opened(files[0]).format
        assert piece.getexif().get(0x0112) is None  # orientation applied, not left for the browser
    first = opened(files[0]).convert("RGB")
    assert first.getpixel((width // 2, 10)) == pytest.approx((231, 120, 96), abs=12)  # the top of the strip, upright
    images = create_panel_images(files, title_prefix="1화")
    assert all(rendition.width <= 1080 and rendition.height <= 2400 for image in images for rendition in image.renditions.all())


def test_images_of_readable_shape_are_left_whole():
    phone_screenshot = encoded(PILImage.new("RGB", (1080, 2400), (250, 250, 250)))
    sideways_photo = exif_rotated_jpeg(PILImage.new("RGB", (3024, 4032), (200, 180, 160)))
    files = read_panel_files([upload("1.png", phone_screenshot), upload("2.jpg", sideways_photo, content_type="image/jpeg")])
    assert [(panel_file.name, panel_file.parts) for panel_file in files] == [("1.png", 1), ("2.jpg", 1)]
    assert (files[1].width, files[1].height) == (3024, 4032)  # as shown, not as stored
    images = create_panel_images(files, title_prefix="1화")
    rendition = images[1].get_rendition("width-720|format-webp")
    assert (rendition.width, rendition.height) == (720, 960)  # upright


def test_an_animated_gif_is_refused_in_korean():
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload("움짤.gif", animated_gif(), content_type="image/gif")])
    assert "‘움짤.gif’: GIF 형식은 받을 수 없습니다. JPEG·PNG·WebP 이미지만 올려 주세요." in error.value.messages


def test_a_strip_too_narrow_to_cut_sensibly_is_refused_in_korean():
    thread = encoded(PILImage.new("L", (40, 20_000), 255))
    with pytest.raises(ValidationError) as error:
        read_panel_files([upload("thread.png", thread)])
    assert f"나누면 {MAX_PIECES}조각이 넘습니다" in " ".join(error.value.messages)


def test_a_strip_is_described_once_by_its_first_piece():
    strip = [("민원인이 소리친다.", False), ("", True), ("", True)]
    assert text_alternative_error(strip, "") is None
    assert text_alternative_error([("", False), ("", True), ("둘째 조각만의 설명", True), ("다음 패널", False)], "") == (
        text_alternative_error([("", False)], "")  # only the strip's first piece is listed
    )
    assert "대체텍스트가 없는 패널: 1, 4번째" in text_alternative_error([("", False), ("", True), ("x", False), ("", False)], "")
    assert "1번째" in text_alternative_error([("", True)], "")  # a first panel marked as a piece still needs text
