"""What data migrations use to give a role (a Group named in `roles`) the permissions of one app's
models. Permissions are normally created after `migrate` finishes, so they are created here first."""

from django.contrib.auth.management import create_permissions


def _permissions(apps, app_label, codenames):
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    missing = set(codenames) - {permission.codename for permission in found}
    if missing:
        raise LookupError(f"{app_label}: no permission {sorted(missing)}")
    return found


def granting(role, app_label, codenames):
    """A RunPython pair that adds the permissions to the role, and takes them away when reversed."""

    def grant(apps, schema_editor):
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, app_label, codenames))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name=role):
            group.permissions.remove(*_permissions(apps, app_label, codenames))

    return grant, revoke
