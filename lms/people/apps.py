from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = "조직·직원"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .backends import forget_cached_user

        user_model = get_user_model()
        post_save.connect(forget_cached_user, sender=user_model, dispatch_uid="people-forget-cached-user-save")
        post_delete.connect(forget_cached_user, sender=user_model, dispatch_uid="people-forget-cached-user-delete")
