"""Create the platform's four roles as groups with their permissions.

Content apps added later grant their own models' permissions to the editor group in their own
migrations; this one only covers what exists now (Wagtail pages, images, documents, site settings).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF, EDITOR, HR, DEPARTMENT_MANAGER = "직원", "콘텐츠 편집자", "인사 담당자", "부서 담당자"

MODEL_PERMISSIONS = {
    STAFF: [],
    EDITOR: ["wagtailadmin.access_admin", "home.change_sitesettings"],
    HR: [
        "wagtailadmin.access_admin",
        "people.add_department",
        "people.change_department",
        "people.delete_department",
        "people.view_department",
        "people.view_staffprofile",
        "people.change_staffprofile",
        "people.view_all_staff",
        "people.import_roster",
    ],
    DEPARTMENT_MANAGER: ["wagtailadmin.access_admin", "people.view_department", "people.view_staffprofile"],
}
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate finishes; we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    groups = {}
    for name, dotted_names in MODEL_PERMISSIONS.items():
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(*[permission(dotted) for dotted in dotted_names])

    editor = groups[EDITOR]
    root_page = Page.objects.get(depth=1)
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editor, page=root_page, permission=permission(f"wagtailcore.{codename}")
        )
    root_collection = Collection.objects.get(depth=1)
    for dotted in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editor, collection=root_collection, permission=permission(dotted)
        )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(MODEL_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_roster_upload_and_permissions"),
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
