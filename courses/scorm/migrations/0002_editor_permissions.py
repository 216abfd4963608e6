from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "콘텐츠 편집자"
CODENAMES = ["add_scormpackage", "change_scormpackage", "delete_scormpackage", "view_scormpackage"]


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("scorm")
    app_config.models_module = True  # permissions are normally created after migrate finishes
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="scorm", codename__in=CODENAMES))


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name=EDITOR):
        editor.permissions.remove(*Permission.objects.filter(content_type__app_label="scorm", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("scorm", "0001_initial"),
        ("people", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
