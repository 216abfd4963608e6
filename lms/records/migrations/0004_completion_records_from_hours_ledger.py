"""Every HoursLedgerEntry becomes a CompletionRecord, then the ledger table goes.

Only course completions ever wrote ledger rows (courses.services.evaluate_course_completion), one per
learner and course, so each row becomes the "course" record of its evaluation year; no two rows can
collide. The title is the course's title now (the ledger kept only its label, which the evidence
keeps); department and rank are the learner's profile now, the best this database knows of that date.
"""

from django.db import migrations


def completion_records_from_ledger(apps, schema_editor):
    HoursLedgerEntry = apps.get_model("records", "HoursLedgerEntry")
    CompletionRecord = apps.get_model("records", "CompletionRecord")
    StaffProfile = apps.get_model("people", "StaffProfile")
    entries = HoursLedgerEntry.objects.select_related("page").order_by("id")
    placements = dict(
        (user_id, (department_id, rank))
        for user_id, department_id, rank in StaffProfile.objects.filter(
            user_id__in=entries.values("user_id")
        ).values_list("user_id", "department_id", "rank")
    )
    batch = []
    for entry in entries.iterator(chunk_size=2000):
        department_id, rank = placements.get(entry.user_id, (None, ""))
        batch.append(
            CompletionRecord(
                user_id=entry.user_id,
                item_kind="course",
                item_key=str(entry.page_id),
                item_title=entry.page.title[:255],
                page_id=entry.page_id,
                completed_on=entry.earned_on,
                evaluation_year=entry.evaluation_year,
                hours=entry.hours,
                department_id=department_id,
                rank=rank or "",
                source="online",
                evidence={"model": "records.hoursledgerentry", "pk": entry.pk, "label": entry.source_label},
            )
        )
        if len(batch) >= 2000:
            CompletionRecord.objects.bulk_create(batch)
            batch = []
    CompletionRecord.objects.bulk_create(batch)
    copied = CompletionRecord.objects.filter(evidence__model="records.hoursledgerentry").count()
    if copied != HoursLedgerEntry.objects.count():  # refuse to drop a row
        raise RuntimeError(f"학습시간 인정 기록 {HoursLedgerEntry.objects.count()}건 중 {copied}건만 옮겨졌습니다.")


def ledger_from_completion_records(apps, schema_editor):
    HoursLedgerEntry = apps.get_model("records", "HoursLedgerEntry")
    CompletionRecord = apps.get_model("records", "CompletionRecord")
    migrated = CompletionRecord.objects.filter(evidence__model="records.hoursledgerentry")
    HoursLedgerEntry.objects.bulk_create(
        HoursLedgerEntry(
            id=record.evidence["pk"],
            user_id=record.user_id,
            page_id=record.page_id,
            hours=record.hours,
            source_label=record.evidence.get("label", record.item_title)[:200],
            earned_on=record.completed_on,
            evaluation_year=record.evaluation_year,
        )
        for record in migrated
        if record.page_id is not None
    )
    migrated.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0003_completion_record"),
        ("people", "0005_hr_login_security"),
    ]

    operations = [
        migrations.RunPython(completion_records_from_ledger, ledger_from_completion_records),
        migrations.DeleteModel(name="HoursLedgerEntry"),
    ]
