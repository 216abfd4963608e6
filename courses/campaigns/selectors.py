"""Reads for campaigns: the listing a visitor may see, share metadata."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from courses.knowledge_trip.selectors import CARD_POSTER_FILTER

from .models import SHARE_IMAGE_FILTER, CampaignPage, CampaignPoster


def campaigns_for(user, index_page):
    """Live campaigns under `index_page`; a citizen who is not signed in sees only the public ones."""
    campaigns = CampaignPage.objects.live().public().child_of(index_page)
    if not user.is_authenticated:
        campaigns = campaigns.filter(is_public=True)
    rendition_model = get_image_model().get_rendition_model()
    card_renditions = rendition_model.objects.filter(filter_spec=CARD_POSTER_FILTER)
    return list(
        campaigns.select_related("video__poster")
        .prefetch_related(
            Prefetch("video__poster__renditions", queryset=card_renditions),
            Prefetch(
                "posters",
                queryset=CampaignPoster.objects.select_related("image").prefetch_related(
                    Prefetch("image__renditions", queryset=card_renditions)
                ),
            ),
        )
        .order_by("path")
    )


def share_meta(campaign, request):
    """Open Graph / Twitter-card values with absolute URLs, so a link shared on social media shows the poster."""
    image = campaign.share_image
    image_url = None
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE_FILTER)
        image_url = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.title,
        }
    return {
        "title": campaign.seo_title or campaign.title,
        "description": campaign.search_description or campaign.intro,
        "url": request.build_absolute_uri(campaign.get_url(request)),
        "image": image_url,
    }


def staff_only_campaign_ids():
    """Campaigns that are not open to citizens: search must not show even their titles to visitors."""
    return list(CampaignPage.objects.filter(is_public=False).values_list("pk", flat=True))
