from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from lms.records.signals import attempt_restarted

from .models import ScormAttempt, ScormPackage
from .services import delete_package_files


@receiver(post_delete, sender=ScormPackage)
def remove_files_of_deleted_package(sender, instance, **kwargs):
    # After commit: a rolled-back delete must not lose the files of a package that still exists.
    package_id, package_file = instance.pk, instance.package_file  # the pk is cleared once delete() returns
    transaction.on_commit(lambda: delete_package_files(package_id, package_file))


@receiver(attempt_restarted)
def start_the_sco_over(sender, user, page, **kwargs):
    """올해 다시 이수: the SCO starts from nothing (its statuses never move back within one attempt). The
    commits of the earlier attempt stay in the event log."""
    ScormAttempt.objects.filter(user=user, page=page).update(
        lesson_status="",
        completion_status="",
        success_status="",
        score_raw=None,
        score_scaled=None,
        suspend_data="",
        location="",
        exit="",
        cmi={},
        completed_at=None,
    )
