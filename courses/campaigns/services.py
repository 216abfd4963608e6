"""Writes for campaigns: staff participation and opening a public campaign's video to citizens."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lms.records.choices import EventKind
from lms.records.selectors import has_event
from lms.records.services import mark_complete, record_event


@transaction.atomic
def participate(*, user, campaign):
    """Record that `user` took part in `campaign`, once per person; returns False if they already had.

    Taking part completes the campaign page, so it counts exactly like watching its video to the threshold.
    """
    # Lock the user row so two quick clicks cannot both find "not yet" and log two events.
    get_user_model().objects.select_for_update().get(pk=user.pk)
    already = has_event(user, campaign, kind=EventKind.PARTICIPATE)
    if not already:
        record_event(user=user, page=campaign, kind=EventKind.PARTICIPATE, data={"action": campaign.participation_label})
    mark_complete(user=user, page=campaign)
    return not already


def open_video_to_citizens(campaign):
    """A public campaign's video must play without login too (the playlist view checks `Video.is_public`)."""
    video = campaign.video
    if campaign.is_public and video is not None and not video.is_public:
        video.is_public = True
        video.save(update_fields=["is_public", "updated_at"])
