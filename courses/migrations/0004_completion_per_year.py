"""A course may be completed once per evaluation year (re-completion in a later year)."""

from django.db import migrations, models
from django.utils import timezone


def years_from_completion_dates(apps, schema_editor):
    CourseCompletion = apps.get_model("courses", "CourseCompletion")
    for completion in CourseCompletion.objects.only("pk", "completed_at").iterator():
        year = timezone.localdate(completion.completed_at).year
        CourseCompletion.objects.filter(pk=completion.pk).update(evaluation_year=year)


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0003_reading_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="coursecompletion",
            name="evaluation_year",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="평가 연도"),
            preserve_default=False,
        ),
        migrations.RunPython(years_from_completion_dates, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="coursecompletion", name="unique_completion_per_course"),
        migrations.AddConstraint(
            model_name="coursecompletion",
            constraint=models.UniqueConstraint(
                fields=("user", "course", "evaluation_year"), name="unique_completion_per_course_and_year"
            ),
        ),
    ]
