"""Roster uploads move from the default (URL-served) storage to the private storage (lms/storage.py)."""

from django.core.files.storage import default_storage
from django.db import migrations, models

import lms.storage

OLD_PREFIX = "private/roster-uploads/"


def move_to_private_storage(apps, schema_editor):
    RosterUpload = apps.get_model("people", "RosterUpload")
    private = lms.storage.private_storage()
    moved = set()
    for upload in RosterUpload.objects.exclude(file="").filter(file__startswith=OLD_PREFIX):
        old_name = upload.file.name
        if default_storage.exists(old_name):
            with default_storage.open(old_name, "rb") as source:
                upload.file.name = private.save(old_name.removeprefix("private/"), source)
            default_storage.delete(old_name)
        else:
            upload.file.name = ""
        upload.save(update_fields=["file"])
        moved.add(old_name)
    # Files no row points at any more (their rows were deleted) hold personal data too.
    try:
        _, leftovers = default_storage.listdir(OLD_PREFIX)
    except (FileNotFoundError, NotImplementedError):
        leftovers = []
    for name in leftovers:
        if OLD_PREFIX + name not in moved:
            default_storage.delete(OLD_PREFIX + name)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rosterupload",
            name="file",
            field=models.FileField(
                blank=True, storage=lms.storage.private_storage, upload_to="roster-uploads/", verbose_name="명단 파일"
            ),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop),
    ]
