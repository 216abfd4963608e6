"""Keep the index true to what a page shows.

Wagtail indexes a page on its post_save, before modelcluster saves its child rows (webtoon panels, manual
editions); with an immediate task backend that index is built from the old rows. Publishing is over when
`page_published` is sent, so the page is indexed again then. A caption uploaded to a video changes what
the pages playing it say, so they are indexed again too.

A dictionary edit (a term, a department name) makes every process rebuild its dictionary; on Elasticsearch,
whose index holds the words as nori split them, it also queues an `IndexUpdate` for the term's old and new
spellings. After `migrate` has backfilled captions and manual editions (search 0004), the pages showing
them are queued for indexing again.
"""

from modelsearch.tasks import insert_or_update_object_task
from wagtail.search.backends import get_search_backend


BACKFILL_MIGRATION = ("search", "0004_backfill_caption_and_manual_text")
# What each dictionary source calls its term.
TERM_FIELDS = {"search.SearchTerm": "term", "people.Department": "name"}


def remember_previous_term(sender, instance, **kwargs):
    field = TERM_FIELDS[sender._meta.label]
    instance._previous_search_term = (
        sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first() if instance.pk else None
    )


def dictionary_edited(sender, instance, **kwargs):
    from .dictionary import dictionary_changed
    from .elasticsearch import KoreanElasticsearchBackend
    from .services import request_index_update

    dictionary_changed()
    term = getattr(instance, TERM_FIELDS[sender._meta.label])
    previous = getattr(instance, "_previous_search_term", None)
    if sender._meta.label == "people.Department" and kwargs.get("created") is False and previous == term:
        return  # a department saved without a new name (a term's parts or synonyms may change with the same term)
    if isinstance(get_search_backend(), KoreanElasticsearchBackend):
        terms = {term, previous} - {None, ""}
        request_index_update(reason=f"검색 용어 사전 변경: {term}", terms=terms)


def _reindex(page):
    insert_or_update_object_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))


def page_published(sender, instance, **kwargs):
    _reindex(instance)


def pages_playing(video_ids):
    """Pages of every searchable kind that play one of these videos."""
    from .kinds import KINDS

    for kind in KINDS:
        for model in kind.model_classes():
            if any(field.name == "video" for field in model._meta.fields):
                yield from model.objects.filter(video_id__in=video_ids)


def caption_saved(sender, instance, **kwargs):
    for page in pages_playing([instance.video_id]):
        _reindex(page)


def backfilled(sender, plan=None, **kwargs):
    """post_migrate: once search 0004 has filled caption and manual text, index the pages showing them again."""
    if not any((migration.app_label, migration.name) == BACKFILL_MIGRATION and not backwards
               for migration, backwards in plan or ()):
        return
    from media_pipeline.models import Caption
    from webtoons.models import ManualPage

    from .services import request_index_update

    captioned = Caption.objects.exclude(text="").values_list("video_id", flat=True)
    page_ids = {page.pk for page in pages_playing(captioned)} | set(ManualPage.objects.values_list("pk", flat=True))
    if page_ids:
        request_index_update(reason="업그레이드: 자막·매뉴얼 본문을 검색 색인에 반영", page_ids=page_ids)
