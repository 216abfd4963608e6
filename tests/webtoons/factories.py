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
    episode = WebtoonEpisodePage(
        title=f"{number}화 제목",
        slug=f"episode-{number}",
        episode_number=number,
        summary=f"{number}화 줄거리",
        transcript=transcript,
        live=False,
        panels=[
            WebtoonPanel(image=image, alt_text=f"{number}화 {index + 1}번째 장면" if alt else "", sort_order=index)
            for index, image in enumerate(images)
        ],
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
