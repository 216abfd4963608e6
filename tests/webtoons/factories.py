"""Webtoon and manual pages for tests, built the way editors and the demo build them."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model

from tests.factories import home_page
from webtoons.demo import create_episode
from webtoons.models import ManualEdition, ManualPage, WebtoonEpisodePage, WebtoonPanel, WebtoonSeriesPage
from webtoons.panel_images import create_panel_images, read_panel_files


def image_bytes(width=80, height=100, image_format="PNG", colour=(40, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, image_format)
    return buffer.getvalue()


def upload(name, content=None, content_type="image/png"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


def make_series(title="웹툰"):
    series = WebtoonSeriesPage(title=title, slug="webtoon", seo_title="악성민원 대응 웹툰", show_in_menus=True)
    home_page().add_child(instance=series)
    return series


def make_panel_images(count, *, width=80, height=100):
    files = read_panel_files([upload(f"panel{number}.png", image_bytes(width, height)) for number in range(1, count + 1)])
    return create_panel_images(files, title_prefix="테스트")


def make_episode(series, number, *, panels=3, alt=True, transcript="", live=True):
    """An episode with small panels; published through a revision like an editor would (live=True)."""
    images = make_panel_images(panels)
    return episode_of_panels(
        series,
        number,
        [
            WebtoonPanel(image=image, alt_text=f"{number}화 {index + 1}번째 장면" if alt else "", sort_order=index)
            for index, image in enumerate(images)
        ],
        transcript=transcript,
        live=live,
    )


def episode_of_panels(series, number, panels, *, transcript="", live=True):
    episode = WebtoonEpisodePage(
        title=f"{number}화 제목",
        slug=f"episode-{number}",
        episode_number=number,
        summary=f"{number}화 줄거리",
        transcript=transcript,
        live=False,
        panels=panels,
    )
    series.add_child(instance=episode)
    if live:
        episode.save_revision().publish()
        episode.refresh_from_db()
    return episode


def make_drawn_episode(series, number, panels):
    """An episode with the demo's drawn 800 px panels (for the browser tests, where scrolling matters)."""
    return create_episode(series, number, f"{number}화 제목", f"{number}화 줄거리", ((230, 236, 250), (190, 206, 236)), panels)


def make_document(title, content=b"%PDF-1.4\n% test\n", filename="manual.pdf"):
    Document = get_document_model()
    document = Document(title=title, file=ContentFile(content, name=filename))
    document._set_document_file_metadata()
    document.save()
    return document


def make_manual(editions=(("초판(2014)", 2014, False), ("증보판(2018)", 2018, True))):
    home = home_page()
    manual = ManualPage(
        title="악성민원 대응매뉴얼",
        slug="manual",
        seo_title="서울시 악성민원 대응매뉴얼 — 너, 나 지금 무시하냐?",
        live=False,
        editions=[
            ManualEdition(
                name=name,
                document=make_document(f"매뉴얼 {name}", filename=f"manual-{year}.pdf"),
                published_on=datetime.date(year, 6, 1),
                is_current=is_current,
                sort_order=index,
            )
            for index, (name, year, is_current) in enumerate(editions)
        ],
    )
    home.add_child(instance=manual)
    manual.save_revision().publish()
    manual.refresh_from_db()
    return manual


# Panel heights and the white gutters after them, as a webtoon artist lays out an episode; one panel is taller
# than a readable piece (2,100 px), so the strip also needs a cut inside a drawing.
STRIP_LAYOUT = ((1100, 180), (1450, 240), (900, 120), (2100, 300), (1250, 200), (1500, 160))
PANEL_COLOURS = ((231, 120, 96), (96, 160, 231), (120, 200, 140), (240, 200, 90))


def webtoon_strip(width=720, height=30_000, *, gutters=True):
    """An RGB strip shaped like a delivered episode, and the (first, last+1) rows of each white gutter.

    Panels are framed drawings (fill, outline, a speech bubble, hatching) inset from the page edge, so every
    row through a panel varies; gutters are plain white rows. Without gutters every row is a gradient.
    """
    from PIL import ImageDraw

    strip = PILImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(strip)
    if not gutters:
        for x in range(width):
            draw.line([(x, 0), (x, height)], fill=(x * 255 // width, 90, 255 - x * 255 // width))
        return strip, []
    gutter_rows, top, index = [], 0, 0
    while top < height:
        panel_height, gutter = STRIP_LAYOUT[index % len(STRIP_LAYOUT)]
        bottom = min(top + panel_height, height)
        draw.rectangle([24, top, width - 25, bottom - 1], fill=PANEL_COLOURS[index % len(PANEL_COLOURS)], outline="black", width=4)
        for y in range(top + 30, bottom - 30, 37):  # hatching: no row inside the panel is uniform
            draw.line([(40, y), (width - 40, y + 25)], fill=(40, 40, 40), width=2)
        draw.ellipse([width // 3, top + 40, width - 60, top + min(panel_height, 300) - 40], fill="white", outline="black", width=3)
        gutter_rows.append((bottom, min(bottom + gutter, height)))
        top, index = bottom + gutter, index + 1
    return strip, [rows for rows in gutter_rows if rows[0] < rows[1]]


def encoded(image, image_format="PNG", **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def exif_rotated_jpeg(displayed):
    """What a phone writes for a picture held sideways: pixels stored rotated, EXIF orientation 6 to show it."""
    stored = displayed.transpose(PILImage.Transpose.ROTATE_90)
    exif = PILImage.Exif()
    exif[0x0112] = 6
    return encoded(stored, "JPEG", quality=90, exif=exif.tobytes())


def animated_gif(width=720, height=1200, frames=3):
    images = [PILImage.new("P", (width, height), colour) for colour in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=120, loop=0)
    return buffer.getvalue()


def make_strip_episode(series, number, strip_content, *, alt_text="띠 전체: 민원인이 창구에서 소리친다."):
    """A published episode made of one uploaded strip, cut into pieces like the admin does."""
    files = read_panel_files([upload("strip.png", strip_content)])
    images = create_panel_images(files, title_prefix=f"{number}화")
    return episode_of_panels(
        series,
        number,
        [
            WebtoonPanel(
                image=image,
                alt_text="" if panel_file.continues_previous else alt_text,
                continues_previous=panel_file.continues_previous,
                sort_order=index,
            )
            for index, (image, panel_file) in enumerate(zip(images, files))
        ],
    )
