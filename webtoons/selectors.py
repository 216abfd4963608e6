from django.db.models import OuterRef, Prefetch, Subquery
from wagtail.images import get_image_model

from lms.records.selectors import with_viewer_completed
from webtoons.models import WebtoonEpisodePage, WebtoonPanel
from webtoons.panel_images import PANEL_RENDITION_SPECS, THUMBNAIL_SPEC


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
