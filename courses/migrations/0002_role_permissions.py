from django.contrib.auth.management import create_permissions
from django.db import migrations

# HR assigns courses to departments; editors set the recognised-hours bounds.
GRANTS = {
    "인사 담당자": [
        "add_courseassignment",
        "change_courseassignment",
        "delete_courseassignment",
        "view_courseassignment",
    ],
    "콘텐츠 편집자": ["change_coursesettings", "view_coursesettings"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True  # permissions are normally created after migrate finishes
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("people", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
