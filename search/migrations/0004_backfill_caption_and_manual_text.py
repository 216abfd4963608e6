"""Fill the search text of captions and manual editions uploaded before it was kept (media_pipeline 0004,
webtoons 0003), so an upgraded database is searchable without saving each one again. The pages that show
them are indexed again afterwards, in the background (search.receivers.backfilled, after migrate)."""

import logging

from django.core.exceptions import ValidationError
from django.db import migrations

logger = logging.getLogger(__name__)


def fill_caption_text(apps, schema_editor):
    from media_pipeline.captions import to_webvtt, webvtt_text

    Caption = apps.get_model("media_pipeline", "Caption")
    for caption in Caption.objects.filter(text="").exclude(file="").iterator():
        try:
            with caption.file.open("rb") as handle:
                text = webvtt_text(to_webvtt(handle.read()))
        except (OSError, ValidationError) as error:  # a missing or unreadable file: the caption stays as it was
            logger.warning("caption %s not backfilled: %s", caption.pk, error)
            continue
        Caption.objects.filter(pk=caption.pk).update(text=text)


def fill_manual_text(apps, schema_editor):
    from webtoons.manual_text import pdf_file_text

    ManualEdition = apps.get_model("webtoons", "ManualEdition")
    for edition in ManualEdition.objects.filter(text="", text_error="").select_related("document").iterator():
        file = edition.document.file
        text, error = pdf_file_text(lambda: file.storage.open(file.name, "rb"), name=edition.document_id)
        ManualEdition.objects.filter(pk=edition.pk).update(text=text, text_error=error)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_update"),
        ("media_pipeline", "0004_caption_text"),
        ("webtoons", "0003_manualedition_text_manualedition_text_error"),
    ]

    operations = [
        migrations.RunPython(fill_caption_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(fill_manual_text, migrations.RunPython.noop, elidable=True),
    ]
