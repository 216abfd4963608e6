from django.db.models import OuterRef, Prefetch, Subquery
from wagtail.images import get_image_model

from lms.records.selectors import with_viewer_completed
from webtoons.models import WebtoonEpisodePage, WebtoonPanel
from webtoons.panel_images import PANEL_RENDITION_SPECS, THUMBNAIL_SPEC
from webtoons.text_alternatives import panels_missing_text


def series_episodes(series, *, user):
    """Live episodes in order, in one query, annotated with `first_image_id` and `is_read` (for the user)."""
    first_image = WebtoonPanel.objects.filter(page=OuterRef("pk")).order_by("sort_order").values("image_id")[:1]
    episodes = WebtoonEpisodePage.objects.live().child_of(series).annotate(first_image_id=Subquery(first_image))
    return list(with_viewer_completed(episodes, user=user, name="is_read").order_by("episode_number", "path"))


def attach_thumbnails(episodes):
    """Set `thumbnail` (a rendition of the first panel, or None) on each episode; one query when pre-generated."""
    Image = get_image_model()
    image_ids = {episode.first_image_id for episode in episodes if episode.first_image_id}
    thumbnails = {
        rendition.image_id: rendition
        for rendition in Image.get_rendition_model().objects.filter(image_id__in=image_ids, filter_spec=THUMBNAIL_SPEC)
    }
    # Panels chosen one by one in the admin may not have their thumbnail yet: make it once.
    for image in Image.objects.filter(pk__in=image_ids - thumbnails.keys()):
        thumbnails[image.pk] = image.get_rendition(THUMBNAIL_SPEC)
    for episode in episodes:
        episode.thumbnail = thumbnails.get(episode.first_image_id)
    return episodes


def episode_panels(episode):
    """The episode's panels in order, joined to their images, with the reader renditions prefetched (two queries)."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=PANEL_RENDITION_SPECS)
    return list(
        WebtoonPanel.objects.filter(page=episode)
        .select_related("image")
        .prefetch_related(Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions"))
        .order_by("sort_order")
    )


def neighbours(episodes, episode):
    """(previous, next) of `episode` among `episodes` by episode number."""
    earlier = [other for other in episodes if other.episode_number < episode.episode_number]
    later = [other for other in episodes if other.episode_number > episode.episode_number]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def episodes_missing_text_alternatives(*, limit):
    """Episodes whose latest content (the draft, if there is one) has panels without text alternatives,
    as (episode, [panel numbers]), most recently changed first. A draft's panels are read from its revision's
    content, where the admin keeps them until it is published."""
    episodes = (
        WebtoonEpisodePage.objects.select_related("latest_revision")
        .prefetch_related("panels")
        .order_by("-latest_revision_created_at", "-pk")
    )
    found = []
    for episode in episodes.iterator(chunk_size=100):
        draft = episode.latest_revision if episode.has_unpublished_changes else None
        if draft:
            saved = sorted(draft.content.get("panels", []), key=lambda panel: panel.get("sort_order") or 0)
            panels = [(panel.get("alt_text"), panel.get("continues_previous")) for panel in saved]
            transcript = draft.content.get("transcript")
        else:
            panels = [(panel.alt_text, panel.continues_previous) for panel in episode.panels.all()]
            transcript = episode.transcript
        missing = panels_missing_text(panels, transcript)
        if missing:
            found.append((episode, missing))
            if len(found) == limit:
                break
    return found
