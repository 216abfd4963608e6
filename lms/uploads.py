"""Files kept between a dry-run preview and their application: the roster, attendance files, imported
completions. What every such import shares lives here; each app keeps its own parsing and planning.

The file lives in the private storage (lms/storage.py: never served by URL) under an unguessable token
instead of in the session, so every web server sees it and huge files never touch the session store.
Applying deletes the file (it holds personal data) and keeps the counts; a preview never applied is
deleted after a day (`delete_abandoned_uploads`).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

UPLOAD_LIFETIME = timedelta(days=1)


class StoredUpload(models.Model):
    """Subclasses add `file = models.FileField(..., storage=private_storage, blank=True)` and their options."""

    token = models.UUIDField("토큰", default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField("원래 파일명", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="올린 사람"
    )
    uploaded_at = models.DateTimeField("올린 시각", auto_now_add=True)
    applied_at = models.DateTimeField("적용 시각", null=True, blank=True)
    result = models.JSONField("적용 결과", default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    def read(self) -> bytes:
        with self.file.open("rb") as stored:
            return stored.read()


class UploadAlreadyApplied(Exception):
    def __init__(self, upload):
        self.upload = upload
        super().__init__("이미 적용한 파일입니다.")


def delete_abandoned_uploads(model, *, now=None) -> int:
    """Delete `model`'s previews never applied within UPLOAD_LIFETIME, with their files (personal data).

    Applied uploads stay (they are the record of what was imported, with the counts); their file was
    deleted when they were applied, and one still there (an apply that could not delete it) goes now.
    Returns how many previews went.
    """
    cutoff = (now or timezone.now()) - UPLOAD_LIFETIME
    old = model.objects.filter(uploaded_at__lt=cutoff)
    abandoned = list(old.filter(applied_at__isnull=True))
    for upload in abandoned:
        upload.file.delete(save=False)
        upload.delete()
    for upload in old.filter(applied_at__isnull=False).exclude(file=""):
        upload.file.delete(save=True)
    return len(abandoned)


@transaction.atomic
def apply_upload_once(upload, apply):
    """Run `apply(locked_upload)` once per upload, in one transaction with marking it applied.

    `apply` returns (outcome, counts): the counts are kept as the upload's result, the file is deleted.
    A second call (a double click, two tabs) raises UploadAlreadyApplied; an exception from `apply`
    rolls everything back and keeps the file for another try.
    """
    upload = type(upload).objects.select_for_update().get(pk=upload.pk)
    if upload.applied_at:
        raise UploadAlreadyApplied(upload)
    outcome, counts = apply(upload)
    upload.file.delete(save=False)
    upload.applied_at = timezone.now()
    upload.result = counts
    upload.save()
    return outcome
