"""Roster uploads hold personal data: never served by URL (development included), gone after a day unless applied."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import lms.urls
from lms.people.models import RosterUpload
from lms.people.services import apply_roster_upload, store_roster_upload
from lms.storage import PrivateFileURLRefused, private_storage

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db
ROWS = [("1001", "김민수", "CSV-OPEN", "7급 주무관", "minsu.kim@seoul.go.kr")]


@pytest.fixture
def dev_urls(settings):
    """The URLs `make run` serves (lms.settings.dev: DEBUG on, so MEDIA_ROOT is served by Django)."""
    settings.DEBUG = True
    importlib.reload(lms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(lms.urls)
    clear_url_caches()


def roster_upload(user, *, name="명단.csv", applied=False):
    upload = store_roster_upload(file=SimpleUploadedFile(name, csv_bytes(ROWS)), full_import=False, user=user)
    if applied:
        apply_roster_upload(upload)
        upload.refresh_from_db()
    return upload


def test_an_uploaded_roster_is_stored_outside_media_and_has_no_url(hr_user, settings):
    upload = roster_upload(hr_user)
    path = upload.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(PrivateFileURLRefused):
        upload.file.url
    assert "김민수" in upload.file.open("rb").read().decode()


def test_dev_media_serving_never_serves_private_files(client, dev_urls, hr_user, settings):
    client.force_login(hr_user)
    client.post(reverse("people_roster_import"), {"file": SimpleUploadedFile("명단.csv", csv_bytes(ROWS))})
    stored = RosterUpload.objects.get().file.name  # roster-uploads/명단.csv
    # What an old checkout left in MEDIA_ROOT/private/ (and any file someone copies there) is refused too.
    default_storage.save("private/roster-uploads/old.csv", ContentFile(csv_bytes(ROWS)))
    default_storage.save("images/public.png", ContentFile(b"\x89PNG\r\n\x1a\n"))

    assert client.get("/media/images/public.png").status_code == 200  # development media serving is on
    for url in (f"/media/private/{stored}", f"/media/{stored}", "/media/private/roster-uploads/old.csv"):
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get("/media/private/roster-uploads/old.csv").status_code == 404


def test_previews_never_applied_are_deleted_after_a_day_with_their_file(hr_user):
    now = timezone.now()
    applied = roster_upload(hr_user, name="applied.csv", applied=True)
    abandoned, fresh = roster_upload(hr_user, name="abandoned.csv"), roster_upload(hr_user, name="fresh.csv")
    for upload, age in ((applied, datetime.timedelta(days=3)), (abandoned, datetime.timedelta(days=1, minutes=1))):
        RosterUpload.objects.filter(pk=upload.pk).update(uploaded_at=now - age)
    RosterUpload.objects.filter(pk=fresh.pk).update(uploaded_at=now - datetime.timedelta(hours=23))
    assert private_storage().exists(abandoned.file.name)
    assert not applied.file  # applying already deleted its file; the row is the record

    call_command("delete_abandoned_roster_uploads")

    assert not RosterUpload.objects.filter(pk=abandoned.pk).exists()
    assert not private_storage().exists(abandoned.file.name)
    assert private_storage().exists(RosterUpload.objects.get(pk=fresh.pk).file.name)
    kept = RosterUpload.objects.get(pk=applied.pk)
    assert kept.applied_at and kept.result["created"] == 1


def test_an_applied_upload_whose_file_was_left_behind_loses_the_file_but_keeps_its_record(hr_user):
    applied = roster_upload(hr_user, applied=True)
    RosterUpload.objects.filter(pk=applied.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=2),
        file=private_storage().save("roster-uploads/left.csv", ContentFile(b"x")),
    )
    call_command("delete_abandoned_roster_uploads")
    kept = RosterUpload.objects.get(pk=applied.pk)
    assert not kept.file and not private_storage().exists("roster-uploads/left.csv")
    assert kept.result["created"] == 1


def test_the_migration_moves_existing_uploads_out_of_media(hr_user):
    migration = importlib.import_module("lms.people.migrations.0004_roster_uploads_in_private_storage")
    old_name = default_storage.save("private/roster-uploads/before.csv", ContentFile(csv_bytes(ROWS)))
    orphan = default_storage.save("private/roster-uploads/orphan.csv", ContentFile(b"x"))
    upload = RosterUpload.objects.create(file=old_name, original_name="before.csv", uploaded_by=hr_user)

    migration.move_to_private_storage(apps, None)

    upload.refresh_from_db()
    assert upload.file.name == "roster-uploads/before.csv"
    assert private_storage().open(upload.file.name).read() == csv_bytes(ROWS)
    assert not default_storage.exists(old_name) and not default_storage.exists(orphan)


def test_the_private_bucket_storage_never_presigns_a_url():
    from lms.storage import PrivateS3Storage

    storage = PrivateS3Storage(bucket_name="lms-media", location="private")
    with pytest.raises(PrivateFileURLRefused):
        storage.url("roster-uploads/명단.csv")
