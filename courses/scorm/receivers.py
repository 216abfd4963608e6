from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import ScormPackage
from .services import delete_package_files


@receiver(post_delete, sender=ScormPackage)
def remove_files_of_deleted_package(sender, instance, **kwargs):
    # After commit: a rolled-back delete must not lose the files of a package that still exists.
    package_id, package_file = instance.pk, instance.package_file  # the pk is cleared once delete() returns
    transaction.on_commit(lambda: delete_package_files(package_id, package_file))
