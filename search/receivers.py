"""Keep the index true to what a page shows.

Wagtail indexes a page on its post_save, before modelcluster saves its child rows (webtoon panels, manual
editions); with an immediate task backend that index is built from the old rows. Publishing is over when
`page_published` is sent, so the page is indexed again then. A caption uploaded to a video changes what
the pages playing it say, so they are indexed again too.
"""

from modelsearch.tasks import insert_or_update_object_task


def dictionary_edited(sender, **kwargs):
    from .dictionary import dictionary_changed

    dictionary_changed()


def _reindex(page):
    insert_or_update_object_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))


def page_published(sender, instance, **kwargs):
    _reindex(instance)


def caption_saved(sender, instance, **kwargs):
    from .kinds import KINDS

    for kind in KINDS:
        for model in kind.model_classes():
            if any(field.name == "video" for field in model._meta.fields):
                for page in model.objects.filter(video_id=instance.video_id):
                    _reindex(page)
