"""The roster's history: dated memberships (lms.people.models.Membership), backfilled from today's profiles.

On PostgreSQL an exclusion constraint (btree_gist) also keeps one person's memberships from overlapping;
other databases rely on the roster import, which plans around it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

NO_OVERLAP = "memberships_of_a_person_never_overlap"


def add_no_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE people_membership ADD CONSTRAINT {NO_OVERLAP} EXCLUDE USING gist "
        "(user_id WITH =, daterange(valid_from, valid_until, '[)') WITH &&)"
    )


def drop_no_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE people_membership DROP CONSTRAINT IF EXISTS {NO_OVERLAP}")


def backfill_memberships(apps, schema_editor):
    """One membership per existing profile: from its 재직 시작일 (or the day the user joined), closed at
    its 비활성화일 for inactive staff (today for an inactive one without that date). A person added and
    deactivated on the same day was never a member for a whole day and gets none."""
    StaffProfile = apps.get_model("people", "StaffProfile")
    Membership = apps.get_model("people", "Membership")
    today = timezone.localdate()
    memberships = []
    for profile in StaffProfile.objects.select_related("user").iterator(chunk_size=2000):
        valid_from = profile.active_from or timezone.localdate(profile.user.date_joined)
        valid_until = profile.active_until or (None if profile.user.is_active else today)
        if valid_until is not None and valid_until <= valid_from:
            continue
        memberships.append(
            Membership(
                user_id=profile.user_id,
                department_id=profile.department_id,
                rank=profile.rank,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=2000)


def date_existing_uploads(apps, schema_editor):
    """Uploads made before 기준일 existed were as of the day they were made."""
    RosterUpload = apps.get_model("people", "RosterUpload")
    for upload in RosterUpload.objects.all():
        upload.reference_date = timezone.localdate(upload.uploaded_at)
        upload.save(update_fields=["reference_date"])


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0005_hr_login_security'),
    ]

    operations = [
        migrations.AddField(
            model_name='rosterupload',
            name='reference_date',
            field=models.DateField(default=django.utils.timezone.localdate, help_text='명단이 나타내는 날짜. 전보·퇴직·신규 이력이 이 날짜로 기록됩니다.', verbose_name='기준일'),
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.CharField(blank=True, max_length=30, verbose_name='직급')),
                ('valid_from', models.DateField(verbose_name='시작일')),
                ('valid_until', models.DateField(blank=True, help_text='이 날부터는 소속이 아닙니다. 비어 있으면 현재 소속입니다.', null=True, verbose_name='종료일')),
                ('closed_by_upload', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='closed_memberships', to='people.rosterupload', verbose_name='종료한 명단')),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='people.department', verbose_name='부서')),
                ('upload', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opened_memberships', to='people.rosterupload', verbose_name='시작한 명단')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='직원')),
            ],
            options={
                'verbose_name': '부서 이력',
                'verbose_name_plural': '부서 이력',
                'ordering': ['user', 'valid_from'],
                'indexes': [models.Index(fields=['department', 'valid_from'], name='membership_department_from'), models.Index(fields=['user', 'valid_until'], name='membership_user_until')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('valid_until__isnull', True)), fields=('user',), name='one_open_membership_per_person'), models.UniqueConstraint(fields=('user', 'valid_from'), name='one_membership_start_per_person_and_day'), models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gt', models.F('valid_from')), _connector='OR'), name='membership_lasts_at_least_a_day')],
            },
        ),
        migrations.RunPython(add_no_overlap_constraint, drop_no_overlap_constraint),
        migrations.RunPython(backfill_memberships, migrations.RunPython.noop),
        migrations.RunPython(date_existing_uploads, migrations.RunPython.noop),
    ]
