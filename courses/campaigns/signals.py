from django.dispatch import receiver
from wagtail.signals import page_published

from .models import CampaignPage
from .services import open_video_to_citizens


@receiver(page_published, sender=CampaignPage)
def open_public_campaign_video(sender, instance, **kwargs):
    open_video_to_citizens(instance)
