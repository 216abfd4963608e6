from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "검색"

    def ready(self):
        from wagtail.signals import page_published

        from . import receivers

        for model in (self.get_model("SearchTerm"), self.apps.get_model("people", "Department")):
            label = model._meta.label
            pre_save.connect(receivers.remember_previous_term, sender=model, dispatch_uid=f"search-previous-{label}")
            post_save.connect(receivers.dictionary_edited, sender=model, dispatch_uid=f"search-dictionary-{label}")
            post_delete.connect(receivers.dictionary_edited, sender=model, dispatch_uid=f"search-dictionary-del-{label}")
        page_published.connect(receivers.page_published, dispatch_uid="search-reindex-published")
        caption = self.apps.get_model("media_pipeline", "Caption")
        post_save.connect(receivers.caption_saved, sender=caption, dispatch_uid="search-reindex-caption")
        post_migrate.connect(receivers.backfilled, sender=self, dispatch_uid="search-reindex-backfilled")
