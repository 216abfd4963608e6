"""Offline-session completion records written before records carried a category and a start date get
them from their session: the programme kind (what a bonus rule counts) and the session's first day."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

BATCH_SIZE = 1000


def fill(apps, schema_editor):
    CompletionRecord = apps.get_model("records", "CompletionRecord")
    Session = apps.get_model("programmes", "Session")
    zone = ZoneInfo(settings.TIME_ZONE)
    sessions = {
        str(session.pk): (f"programme_kind:{session.programme.kind_id}", session.starts_at.astimezone(zone).date())
        for session in Session.objects.select_related("programme")
    }
    changed = []
    for record in CompletionRecord.objects.filter(item_kind="offline_session").iterator(chunk_size=BATCH_SIZE):
        if record.item_key not in sessions:
            continue
        record.category, first_day = sessions[record.item_key]
        record.started_on = min(first_day, record.completed_on)
        changed.append(record)
    CompletionRecord.objects.bulk_update(changed, ["category", "started_on"], batch_size=BATCH_SIZE)


def empty(apps, schema_editor):
    apps.get_model("records", "CompletionRecord").objects.filter(item_kind="offline_session").update(
        category="", started_on=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_plan_kinds_and_roles"),
        ("records", "0006_completion_category_and_start"),
    ]

    operations = [migrations.RunPython(fill, empty)]
