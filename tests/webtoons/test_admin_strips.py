"""Through the Wagtail admin (real HTTP posts): a tall strip, uploaded in bulk or chosen for one panel, is
cut into pieces that the editor describes once, publishes and the reader shows in order."""

import re

import pytest
from django.urls import reverse
from wagtail.images import get_image_model

from webtoons.models import WebtoonEpisodePage

from .factories import encoded, image_bytes, upload, webtoon_strip
from .test_admin_editing import add_url, episode_form

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def strip_png():
    return encoded(webtoon_strip()[0])


def panel_rows(panels, alt_texts):
    return [
        {"id": panel.pk, "image": panel.image_id, "alt_text": alt, **({"continues_previous": "on"} if panel.continues_previous else {})}
        for panel, alt in zip(panels, alt_texts)
    ]


def reader_images(client, episode):
    content = client.get(episode.url).content.decode()
    return re.findall(r"<img [^>]*>", content.split("data-webtoon-reader")[1].split("data-read-sentinel")[0])


def test_a_strip_in_the_bulk_upload_becomes_pieces_described_once_and_published(editor_client, series, strip_png):
    response = editor_client.post(
        add_url(series), {**episode_form(), "panel_upload": [upload("1화.png", strip_png), upload("2-epilogue.png", image_bytes())]}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = WebtoonEpisodePage.objects.get(slug="episode-1")
    panels = list(episode.panels.order_by("sort_order").select_related("image"))
    pieces = len(panels) - 1
    assert pieces >= 19
    assert [panel.continues_previous for panel in panels] == [False] + [True] * (pieces - 1) + [False]
    assert panels[0].image.title == f"1화 패널 1 (1화.png 조각 1/{pieces})"
    assert panels[-1].image.title == "1화 패널 2 (2-epilogue.png)"
    assert all(panel.image.height <= 1600 for panel in panels)

    edit_url = reverse("wagtailadmin_pages:edit", args=(episode.pk,))
    refused = editor_client.post(
        edit_url, {**episode_form(panels=panel_rows(panels, [""] * len(panels)), initial=len(panels)), "action-publish": "1"}
    )
    assert refused.status_code == 200
    # The strip is listed once, by its first piece, not piece by piece.
    assert f"대체텍스트가 없는 패널: 1, {len(panels)}번째" in refused.content.decode()

    alt_texts = ["민원인이 창구를 두드리며 소리친다."] + [""] * (pieces - 1) + ["주무관이 숨을 고른다."]
    alt_texts[3] = "셋째 조각만의 설명"  # a per-piece override
    published = editor_client.post(
        edit_url, {**episode_form(panels=panel_rows(panels, alt_texts), initial=len(panels)), "action-publish": "1"}
    )
    assert published.status_code == 302, published.content.decode()[:3000]
    episode.refresh_from_db()
    assert episode.live

    images = reader_images(editor_client, episode)
    assert len(images) == len(panels)
    sources = [re.search(r'src="([^"]+)"', image).group(1) for image in images]
    # Piece files are named after the strip ("1화-01.png"; Wagtail makes stored names ASCII) in reading order.
    numbers = [re.search(r"-(\d\d)\.", source.rsplit("/", 1)[1]).group(1) for source in sources[:pieces]]
    assert numbers == [f"{n:02d}" for n in range(1, pieces + 1)]
    assert 'alt="민원인이 창구를 두드리며 소리친다."' in images[0]
    assert 'alt=""' in images[1] and 'alt="셋째 조각만의 설명"' in images[3]
    assert 'alt="주무관이 숨을 고른다."' in images[-1]


def test_a_strip_chosen_for_a_single_panel_is_cut_when_saved_and_publishes(editor_client, series, strip_png):
    # The editor uploads the strip in the image chooser of a panel row, as Wagtail's chooser modal posts it.
    chosen = editor_client.post(
        reverse("wagtailimages_chooser:create"), {"image-chooser-upload-title": "1화 통짜", "image-chooser-upload-file": upload("whole.png", strip_png)}
    )
    assert chosen.status_code == 200, chosen.content.decode()[:2000]
    image = get_image_model().objects.get(title="1화 통짜")
    assert (image.width, image.height) == (720, 30_000)

    response = editor_client.post(
        add_url(series),
        {
            **episode_form(panels=[{"image": image.pk, "alt_text": "민원인이 책임자를 찾는다."}]),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = WebtoonEpisodePage.objects.get(slug="episode-1")
    assert episode.live
    panels = list(episode.panels.order_by("sort_order").select_related("image"))
    assert len(panels) >= 19
    assert panels[0].alt_text == "민원인이 책임자를 찾는다." and not panels[0].continues_previous
    assert all(panel.continues_previous and panel.alt_text == "" for panel in panels[1:])
    assert all(panel.image.height <= 1600 for panel in panels)
    assert sum(panel.image.height for panel in panels) == 30_000

    images = reader_images(editor_client, episode)
    assert len(images) == len(panels)
    assert 'alt="민원인이 책임자를 찾는다."' in images[0] and all('alt=""' in image for image in images[1:])


def test_publishing_a_tall_panel_outside_the_admin_is_refused_in_korean(series, strip_png):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from webtoons.models import WebtoonPanel

    Image = get_image_model()
    image = Image(title="통짜", file=ContentFile(strip_png, name="whole.png"))
    image._set_image_file_metadata()
    image.save()
    episode = WebtoonEpisodePage(
        title="1화", slug="e1", episode_number=1, summary="s", transcript="<p>대본</p>", live=False,
        panels=[WebtoonPanel(image=image, sort_order=0)],
    )
    series.add_child(instance=episode)
    with pytest.raises(ValidationError) as error:
        episode.save_revision().publish()
    assert "1번째 패널의 이미지가 한 패널로 읽기에 너무 깁니다" in " ".join(error.value.messages)
