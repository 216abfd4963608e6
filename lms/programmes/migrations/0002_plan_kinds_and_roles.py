"""The plan's programme kinds, and what 인사 담당자 and 부서 담당자 may do with programmes."""

from django.db import migrations

from lms.people.role_grants import granting
from lms.programmes.kinds import PLAN_KINDS

HR, DEPARTMENT_MANAGER = "인사 담당자", "부서 담당자"
MODELS = ["programmekind", "programme", "session", "registration", "attendance"]
HR_PERMISSIONS = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")] + [
    "view_importedcompletionrow",
    "manage_attendance",
    "import_completions",
    "view_all_programmes",
]
MANAGER_PERMISSIONS = ["view_registration", "view_attendance"]

grant_hr, revoke_hr = granting(HR, "programmes", HR_PERMISSIONS)
grant_manager, revoke_manager = granting(DEPARTMENT_MANAGER, "programmes", MANAGER_PERMISSIONS)


def create_kinds(apps, schema_editor):
    ProgrammeKind = apps.get_model("programmes", "ProgrammeKind")
    for order, (name, visiting) in enumerate(PLAN_KINDS, start=1):
        ProgrammeKind.objects.get_or_create(name=name, defaults={"visiting": visiting, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial"), ("people", "0005_hr_login_security")]

    operations = [
        migrations.RunPython(create_kinds, migrations.RunPython.noop),
        migrations.RunPython(grant_hr, revoke_hr),
        migrations.RunPython(grant_manager, revoke_manager),
    ]
