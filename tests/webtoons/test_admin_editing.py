"""Editors upload panels in bulk on the episode form; publishing needs a text alternative, drafts do not."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from webtoons.models import WebtoonEpisodePage, WebtoonPanel
from webtoons.text_alternatives import NO_PANELS

from .factories import make_episode, make_panel_images, upload

pytestmark = pytest.mark.django_db
REFUSED = "모든 패널에 대체텍스트를 입력하거나 대사 대본을 작성해야 게시할 수 있습니다"


def episode_form(*, number=1, panels=(), transcript="", initial=0):
    return nested_form_data(
        {
            "title": f"{number}화",
            "slug": f"episode-{number}",
            "episode_number": number,
            "summary": "민원인이 창구에서 소리를 지른다.",
            "transcript": rich_text(transcript),
            "panels": inline_formset(list(panels), initial=initial),
            "comments": inline_formset([]),
        }
    )


def add_url(series):
    return reverse("wagtailadmin_pages:add", args=("webtoons", "webtoonepisodepage", series.pk))


def test_uploaded_files_become_panels_in_natural_order_and_a_draft_saves_without_alt_text(editor_client, series):
    files = [upload("ep1-10.png"), upload("ep1-2.png"), upload("ep1-1.png")]
    response = editor_client.post(add_url(series), {**episode_form(), "panel_upload": files})
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = WebtoonEpisodePage.objects.get(slug="episode-1")
    assert not episode.live
    draft = episode.get_latest_revision_as_object()
    assert [panel.image.title for panel in draft.panels.all()] == [
        "1화 패널 1 (ep1-1.png)",
        "1화 패널 2 (ep1-2.png)",
        "1화 패널 3 (ep1-10.png)",
    ]


def test_publishing_uploaded_panels_without_alt_text_or_transcript_is_refused_and_nothing_is_stored(editor_client, series):
    response = editor_client.post(
        add_url(series), {**episode_form(), "panel_upload": [upload("1.png"), upload("2.png")], "action-publish": "1"}
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not WebtoonEpisodePage.objects.exists()
    assert get_image_model().objects.count() == 0


def test_publishing_with_a_transcript_is_allowed(editor_client, series):
    response = editor_client.post(
        add_url(series),
        {
            **episode_form(transcript="<p>민원인: 책임자 나오라고!</p>"),
            "panel_upload": [upload("1.png"), upload("2.png")],
            "action-publish": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = WebtoonEpisodePage.objects.get(slug="episode-1")
    assert episode.live
    assert episode.panels.count() == 2


def test_publishing_is_refused_until_every_panel_has_alt_text(editor_client, series):
    episode = make_episode(series, 1, panels=2, alt=False, live=False)
    panels = list(episode.panels.all())
    edit_url = reverse("wagtailadmin_pages:edit", args=(episode.pk,))

    def panel_rows(alt_texts):
        return [{"id": panel.pk, "image": panel.image_id, "alt_text": alt} for panel, alt in zip(panels, alt_texts)]

    response = editor_client.post(
        edit_url, {**episode_form(panels=panel_rows(["민원인이 소리친다.", ""]), initial=2), "action-publish": "1"}
    )
    assert response.status_code == 200
    assert "대체텍스트가 없는 패널: 2번째" in response.content.decode()
    episode.refresh_from_db()
    assert not episode.live

    saved = editor_client.post(edit_url, episode_form(panels=panel_rows(["민원인이 소리친다.", ""]), initial=2))
    assert saved.status_code == 302  # the draft itself saves fine

    published = editor_client.post(
        edit_url,
        {**episode_form(panels=panel_rows(["민원인이 소리친다.", "주무관이 경고한다."]), initial=2), "action-publish": "1"},
    )
    assert published.status_code == 302, published.content.decode()[:3000]
    episode.refresh_from_db()
    assert episode.live
    assert [panel.alt_text for panel in episode.panels.all()] == ["민원인이 소리친다.", "주무관이 경고한다."]


def test_bad_upload_is_refused_in_korean_and_nothing_is_saved(editor_client, series):
    response = editor_client.post(
        add_url(series), {**episode_form(), "panel_upload": [upload("1.png"), upload("memo.png", b"plain text")]}
    )
    assert response.status_code == 200
    assert "‘memo.png’: 이미지 파일이 아닙니다" in response.content.decode()
    assert not WebtoonEpisodePage.objects.exists()
    assert get_image_model().objects.count() == 0


def test_uploads_add_after_existing_panels(editor_client, series):
    episode = make_episode(series, 1, panels=1, live=False)
    panel = episode.panels.get()
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(episode.pk,)),
        {
            **episode_form(panels=[{"id": panel.pk, "image": panel.image_id, "alt_text": "첫 장면"}], initial=1),
            "panel_upload": [upload("new.png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    titles = [p.image.title for p in WebtoonEpisodePage.objects.get(pk=episode.pk).panels.all()]
    assert titles[0] == panel.image.title
    assert titles[1] == "1화 패널 1 (new.png)"


def test_an_episode_without_panels_cannot_be_published(editor_client, series):
    response = editor_client.post(add_url(series), {**episode_form(transcript="<p>대본</p>"), "action-publish": "1"})
    assert response.status_code == 200
    assert NO_PANELS in response.content.decode()


def test_publishing_outside_the_admin_is_refused_too(series):
    """Scheduled publishing and workflow approval publish a revision directly: the model refuses it."""
    episode = make_episode(series, 1, panels=2, alt=False, live=False)
    with pytest.raises(ValidationError) as error:
        episode.save_revision().publish()
    assert REFUSED in " ".join(error.value.messages)
    episode.refresh_from_db()
    assert not episode.live


def test_editor_sees_the_upload_field_and_its_limits(editor_client, series):
    response = editor_client.get(add_url(series))
    content = response.content.decode()
    assert 'name="panel_upload"' in content and "multiple" in content
    assert "한 장 10MB" in content


def test_panels_chosen_in_the_admin_get_renditions_when_published(series):
    images = make_panel_images(1)
    images[0].renditions.all().delete()
    episode = WebtoonEpisodePage(
        title="1화",
        slug="e1",
        episode_number=1,
        summary="s",
        transcript="<p>대본</p>",
        live=False,
        panels=[WebtoonPanel(image=images[0], sort_order=0)],
    )
    series.add_child(instance=episode)
    episode.save_revision().publish()
    assert images[0].renditions.count() == 4
