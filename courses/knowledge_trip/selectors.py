"""Reads for U-지식여행: the feed, one episode with what its page shows, related and newest episodes.

Every page here stays within a fixed number of queries however many episodes exist: relations are
joined, poster renditions prefetched in one query, and the viewer's learning state is joined in.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.images import get_image_model

from lms.records import selectors as records

from .models import KnowledgeTripEpisodePage, KnowledgeTripRelatedEpisode

# Every card shows the poster at this size, so one prefetch serves every card without a query per card.
CARD_POSTER_FILTER = "fill-480x270|format-webp"
NEW_FOR_DAYS = 7
RELATED_COUNT = 4


def _live_episodes():
    """Live episodes with their topic, newest first by go-live date.

    `published_on` is the go-live date the editor scheduled, else the first publication time. Staff-only
    access is enforced when an episode is served, so listings need no view-restriction query.
    """
    return (
        KnowledgeTripEpisodePage.objects.live()
        .annotate(published_on=Coalesce("go_live_at", "first_published_at"))
        .select_related("topic")
        .order_by(F("published_on").desc(nulls_last=True), "-pk")
    )


def _with_card_posters(episodes, viewer=None):
    """Adds what a feed card shows: the poster's card rendition and whether the viewer completed it."""
    rendition_model = get_image_model().get_rendition_model()
    episodes = episodes.select_related("video__poster").prefetch_related(
        Prefetch(
            "video__poster__renditions",
            queryset=rendition_model.objects.filter(filter_spec=CARD_POSTER_FILTER),
        )
    )
    if viewer is not None:
        episodes = records.with_viewer_completed(episodes, user=viewer)
    return episodes


@dataclass
class EpisodeFeed:
    new_this_week: list
    earlier: list


def episode_feed(index_page, viewer=None, now=None):
    """The index's two sections: what went live in the last seven days, then everything before."""
    since = (now or timezone.now()) - timedelta(days=NEW_FOR_DAYS)
    episodes = list(_with_card_posters(_live_episodes().child_of(index_page), viewer))
    return EpisodeFeed(
        new_this_week=[episode for episode in episodes if episode.published_on and episode.published_on >= since],
        earlier=[episode for episode in episodes if not episode.published_on or episode.published_on < since],
    )


def feed_episodes(index_page, limit=50):
    return list(_live_episodes().child_of(index_page)[:limit])


def latest_episodes(viewer=None, limit=4):
    return list(_with_card_posters(_live_episodes(), viewer)[:limit])


def episode_for_serving(index_page, slug, viewer):
    """The episode at `slug` with its topic, video, poster and the viewer's learning state, in one query."""
    episodes = (
        KnowledgeTripEpisodePage.objects.child_of(index_page)
        .filter(slug=slug)
        .select_related("topic", "video__poster")
    )
    return records.with_viewer_state(episodes, user=viewer).first()


def related_episodes(episode):
    """The live episodes the editor chose, in their order, or else the newest of the same topic (one query)."""
    chosen = KnowledgeTripRelatedEpisode.objects.filter(page_id=episode.pk, episode_id=OuterRef("pk"))
    candidates = list(
        _live_episodes()
        .exclude(pk=episode.pk)
        .annotate(is_chosen=Exists(chosen), chosen_order=Subquery(chosen.values("sort_order")[:1]))
        .filter(Q(is_chosen=True) | Q(topic_id=episode.topic_id))
        .order_by(
            F("is_chosen").desc(),
            F("chosen_order").asc(nulls_last=True),
            F("published_on").desc(nulls_last=True),
            "-pk",
        )[:RELATED_COUNT]
    )
    if candidates and candidates[0].is_chosen:
        return [candidate for candidate in candidates if candidate.is_chosen]
    return candidates
