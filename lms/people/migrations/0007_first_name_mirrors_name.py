"""first_name mirrors 성명 (User.save), so Wagtail's admin calls people by name, not by 직원번호."""

from django.db import migrations
from django.db.models import F


def mirror(apps, schema_editor):
    apps.get_model("people", "User").objects.update(first_name=F("name"))


class Migration(migrations.Migration):
    dependencies = [("people", "0006_membership_history")]

    operations = [migrations.RunPython(mirror, migrations.RunPython.noop)]
