from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "검색"

    def ready(self):
        from . import receivers

        for model in (self.get_model("SearchTerm"), self.apps.get_model("people", "Department")):
            post_save.connect(receivers.dictionary_edited, sender=model, dispatch_uid=f"search-dictionary-{model._meta.label}")
            post_delete.connect(receivers.dictionary_edited, sender=model, dispatch_uid=f"search-dictionary-del-{model._meta.label}")
