"""Forget the heartbeat's cached view of a page whenever publishing or view restrictions change it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .selectors import forget_tracked_content


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    forget_tracked_content([instance.pk])


@receiver(post_delete, sender=Page)
def _page_deleted(sender, instance, **kwargs):
    forget_tracked_content([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs):
    # A restriction applies to the page and everything below it.
    page_ids = Page.objects.filter(path__startswith=instance.page.path).values_list("pk", flat=True)
    forget_tracked_content(list(page_ids))
