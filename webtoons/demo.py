"""Demo content: the 16-episode 악성민원 대응 웹툰 with drawn panels, and the manual's two editions as PDFs.

Idempotent: the series, each episode (by its number) and the manual are only created when missing.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Site

from lms.home.demo import home_child
from webtoons.demo_art import draw_panel, manual_pdf, panel_height
from webtoons.demo_content import EPISODES, MANUAL_EDITIONS, MANUAL_TITLE
from webtoons.models import ManualEdition, ManualPage, WebtoonEpisodePage, WebtoonPanel, WebtoonSeriesPage
from webtoons.panel_images import create_panel_images, read_panel_files

SERIES_INTRO = (
    "<p>열린민원실 김주무관과 동료들이 겪는 악성민원 상황 16가지를 웹툰으로 만났습니다. "
    "경청·경고·중단·보호, 상황별 대응방법을 쉽고 재미있게 익혀 보세요. "
    "회차마다 대본이 있어 화면낭독기로도 읽을 수 있습니다.</p>"
)
MANUAL_INTRO = (
    "<p>악성민원의 유형과 단계별·상황별 대응방법, 직원 보호 제도를 담은 서울시 대응매뉴얼입니다. "
    "2018년 증보판에는 최근 악성민원 경향, 녹음·녹화와 법적 보호수단, 마음 돌보기가 더해졌습니다.</p>"
)


def load(stdout):
    home = Site.objects.get(is_default_site=True).root_page.specific
    series, created = home_child(
        WebtoonSeriesPage, title="웹툰", seo_title="악성민원 대응 웹툰", slug="webtoon", show_in_menus=True, intro=SERIES_INTRO
    )
    if created:
        stdout.write("  웹툰 시리즈 페이지를 만들었습니다.")
    existing = set(WebtoonEpisodePage.objects.child_of(series).values_list("episode_number", flat=True))
    for number, episode in enumerate(EPISODES, start=1):
        if number not in existing:
            create_episode(series, number, *episode)
    stdout.write(f"  웹툰: {len(EPISODES) - len(existing)}개 회차를 새로 만들었습니다 (모두 {len(EPISODES)}화).")
    _manual(home, stdout)


def transcript_html(panels):
    parts = []
    for number, (scene, dialogue) in enumerate(panels, start=1):
        parts.append(f"<h3>장면 {number}</h3><p>{escape(scene)}</p>")
        parts += [f"<p><b>{escape(speaker)}</b>: {escape(line)}</p>" for speaker, line in dialogue]
    return "".join(parts)


def alt_text(scene, dialogue):
    return " ".join([scene] + [f"{speaker}: “{line}”" for speaker, line in dialogue])


def create_episode(series, number, title, summary, colours, panels):
    """Draw the panels, upload them the way an editor's batch is stored, and publish the episode."""
    uploads = [
        SimpleUploadedFile(
            f"ep{number:02d}-panel{index}.png",
            draw_panel(scene, dialogue, colours=colours, height=panel_height(dialogue)),
            content_type="image/png",
        )
        for index, (scene, dialogue) in enumerate(panels, start=1)
    ]
    images = create_panel_images(read_panel_files(uploads), title_prefix=f"웹툰 {number}화")
    episode = WebtoonEpisodePage(
        title=title,
        slug=f"episode-{number}",
        episode_number=number,
        summary=summary,
        transcript=transcript_html(panels),
        live=False,
        panels=[
            WebtoonPanel(image=image, alt_text=alt_text(scene, dialogue), sort_order=index)
            for index, (image, (scene, dialogue)) in enumerate(zip(images, panels))
        ],
    )
    series.add_child(instance=episode)
    episode.save_revision().publish()
    return episode


def _manual(home, stdout):
    if ManualPage.objects.child_of(home).exists():
        stdout.write("  대응매뉴얼 페이지가 이미 있어 그대로 둡니다.")
        return
    Document = get_document_model()
    editions = []
    for sort_order, (name, published, is_current, chapters) in enumerate(MANUAL_EDITIONS):
        document = Document(
            title=f"{MANUAL_TITLE} {name}",
            file=ContentFile(manual_pdf(MANUAL_TITLE, name, chapters), name=f"seoul-complaint-manual-{published[0]}.pdf"),
        )
        document._set_document_file_metadata()
        document.save()
        editions.append(
            ManualEdition(
                name=name,
                document=document,
                published_on=datetime.date(*published),
                is_current=is_current,
                sort_order=sort_order,
            )
        )
    manual = ManualPage(
        title="악성민원 대응매뉴얼",
        seo_title=MANUAL_TITLE,
        slug="manual",
        show_in_menus=True,
        intro=MANUAL_INTRO,
        live=False,
        editions=editions,
    )
    home.add_child(instance=manual)
    manual.save_revision().publish()
    stdout.write(f"  대응매뉴얼 페이지와 PDF {len(editions)}판을 만들었습니다.")
