"""Writes of the search app: background index updates (`IndexUpdate`) and what triggers them."""

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .models import IndexUpdate

logger = logging.getLogger(__name__)
Status = IndexUpdate.Status


def request_index_update(*, reason, terms=(), page_ids=()):
    """Record an index update and queue it once the change that asked for it is committed.

    Changes made before a queued update starts join it (a roster import renames many departments at once):
    one update, one close and reopen of each index.
    """
    from .tasks import apply_index_update

    with transaction.atomic():
        waiting = IndexUpdate.objects.select_for_update().filter(status=Status.WAITING).order_by("pk").first()
        if waiting is not None:
            waiting.terms = sorted(set(waiting.terms) | set(terms))
            waiting.page_ids = sorted(set(waiting.page_ids) | set(page_ids))
            waiting.save(update_fields=["terms", "page_ids"])
            return waiting
        update = IndexUpdate.objects.create(reason=reason[:200], terms=sorted(set(terms)), page_ids=sorted(set(page_ids)))
    transaction.on_commit(lambda: apply_index_update.enqueue(update.pk))
    return update


def retry_index_update(*, update):
    """The admin's 다시 시도: run a failed update again from the start."""
    from .tasks import apply_index_update

    IndexUpdate.objects.filter(pk=update.pk).update(status=Status.WAITING, message="", finished_at=None)
    transaction.on_commit(lambda: apply_index_update.enqueue(update.pk))


def run_index_update(*, update_id):
    """Apply the dictionary to Elasticsearch (if it is the backend) and index the affected pages again."""
    from . import elasticsearch
    from .dictionary import build_dictionary

    with transaction.atomic():  # from here on, new changes start an update of their own
        update = IndexUpdate.objects.select_for_update().get(pk=update_id)
        IndexUpdate.objects.filter(pk=update.pk).update(status=Status.RUNNING)
    backend = get_search_backend()
    page_ids = set(update.page_ids)
    if update.terms and isinstance(backend, elasticsearch.KoreanElasticsearchBackend):
        # Found before the settings change, while the index still holds the words as they were split.
        page_ids |= elasticsearch.pages_mentioning(backend, update.terms)
        elasticsearch.apply_dictionary(backend, build_dictionary())
    indexed = reindex_pages(backend, page_ids)
    IndexUpdate.objects.filter(pk=update.pk).update(
        status=Status.DONE, pages_indexed=indexed, message="", finished_at=timezone.now()
    )
    return indexed


def reindex_pages(backend, page_ids):
    """Index these pages again (those gone since are skipped), in one bulk request per page model."""
    by_model = {}
    for page in Page.objects.filter(pk__in=page_ids).specific():
        by_model.setdefault(type(page), []).append(page)
    for model, pages in by_model.items():
        backend.add_bulk(model, pages)
    return sum(len(pages) for pages in by_model.values())


def mark_retrying(update_id, message, attempt, run_after):
    when = timezone.localtime(run_after).strftime("%H:%M")
    IndexUpdate.objects.filter(pk=update_id).update(
        status=Status.RETRYING, message=f"일시적인 문제로 {when}에 다시 시도합니다({attempt}번째 시도). 사유: {message}"[:500]
    )


def mark_failed(update_id, message):
    IndexUpdate.objects.filter(pk=update_id).update(
        status=Status.FAILED, message=f"색인에 반영하지 못했습니다: {message}"[:500], finished_at=timezone.now()
    )
