"""Forget the heartbeat's cached view of a page whenever publishing or view restrictions change it, and
revoke a user's beat tokens when they log out or their user row changes (e.g. deactivation), or when
they restart a page (a lesson of a course taken in order may be locked again)."""

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from lms.people.signals import users_changed

from . import beat_tokens
from .selectors import forget_may_learn, forget_tracked_content
from .signals import attempt_restarted


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        beat_tokens.revoke([user.pk])


@receiver(users_changed)
def _users_changed(sender, user_ids, **kwargs):
    beat_tokens.revoke(user_ids)


@receiver(attempt_restarted)
def _attempt_restarted(sender, user, page, **kwargs):
    forget_may_learn(user_id=user.pk, page_ids=[page.pk])
    beat_tokens.revoke([user.pk])


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
