"""One crediting clock per learner instead of an allowance per (learner, page).

Each learner's clock starts from the allowance of the state they used last, within the new grace
(crediting.GRACE_SECONDS as of this migration: 60 s), so no learner gains time from the move.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


GRACE_SECONDS = 60.0


def clocks_from_states(apps, schema_editor):
    LearningState = apps.get_model("records", "LearningState")
    LearnerClock = apps.get_model("records", "LearnerClock")
    latest = (
        LearningState.objects.filter(last_beat_at__isnull=False)
        .order_by("user_id", "-last_beat_at", "-id")
        .values_list("user_id", "credit_allowance", "last_beat_at")
    )
    clocks, seen = [], set()
    for user_id, allowance, last_beat_at in latest.iterator():
        if user_id in seen:
            continue
        seen.add(user_id)
        clocks.append(LearnerClock(user_id=user_id, allowance=min(allowance, GRACE_SECONDS), last_credit_at=last_beat_at))
    LearnerClock.objects.bulk_create(clocks, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('records', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='LearnerClock',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='learner_clock', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='사용자')),
                ('allowance', models.FloatField(default=5.0, verbose_name='남은 인정 한도(초)')),
                ('last_credit_at', models.DateTimeField(blank=True, null=True, verbose_name='마지막 인정 시각')),
            ],
            options={
                'verbose_name': '학습 시간 인정 한도',
                'verbose_name_plural': '학습 시간 인정 한도',
            },
        ),
        migrations.RunPython(clocks_from_states, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='learningstate',
            name='credit_allowance',
        ),
        migrations.AlterField(
            model_name='learningevent',
            name='kind',
            field=models.CharField(choices=[('view', '열람'), ('progress', '시청 진행'), ('complete', '완료'), ('quiz_attempt', '퀴즈 응시'), ('scorm_commit', 'SCORM 저장'), ('open', '읽기 시작'), ('download', '내려받기'), ('read', '읽음'), ('participate', '참여')], max_length=20, verbose_name='종류'),
        ),
        migrations.AlterField(
            model_name='learningstate',
            name='verified_seconds',
            field=models.FloatField(default=0, verbose_name='인정 학습 시간(초)'),
        ),
    ]
