from django.db import transaction

from lms.records.services import mark_complete, record_event
from webtoons.panel_images import generate_renditions


def record_episode_read(*, user, episode, now=None):
    """The reader reached the last panel (now, or at `now` for the demo's history): log the read and
    complete the episode (once)."""
    with transaction.atomic():
        record_event(user=user, page=episode, kind="read", data={"panels": episode.panels.count()}, now=now)
        return mark_complete(user=user, page=episode, now=now)


@transaction.atomic
def record_manual_download(*, user, edition):
    """Downloading a manual's edition is reading the manual: the first download completes it."""
    record_event(
        user=user,
        page=edition.page,
        kind="download",
        data={"edition": edition.name, "document_id": edition.document_id},
    )
    mark_complete(user=user, page=edition.page)


def prepare_panel_renditions(sender, instance, **kwargs):
    """On publishing, make any reader renditions still missing (panels chosen one by one in the admin)."""
    for panel in instance.panels.select_related("image"):
        generate_renditions(panel.image)
