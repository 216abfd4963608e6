from django.db import migrations

# Wagtail's own migrations name its root page, default groups and default workflow in English, and the
# admin shows those names as they are ("탐색 중: Root", "Moderators approval에 제출").
ROOT_TITLE = ("Root", "전체 페이지")
GROUP_NAMES = [("Moderators", "검토자"), ("Editors", "편집자")]
WORKFLOW_NAME = ("Moderators approval", "게시 전 검토")
TASK_NAME = ("Moderators approval", "검토자 승인")


def rename(apps, direction):
    Page = apps.get_model("wagtailcore.Page")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")

    def pick(pair):
        return pair if direction == "forward" else pair[::-1]

    old, new = pick(ROOT_TITLE)
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    for pair in GROUP_NAMES:
        old, new = pick(pair)
        if not Group.objects.filter(name=new).exists():  # a name an administrator already gave is theirs
            Group.objects.filter(name=old).update(name=new)
    old, new = pick(WORKFLOW_NAME)
    Workflow.objects.filter(name=old).update(name=new)
    old, new = pick(TASK_NAME)
    Task.objects.filter(name=old).update(name=new)


def to_korean(apps, schema_editor):
    rename(apps, "forward")


def to_english(apps, schema_editor):
    rename(apps, "backward")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]
    operations = [
        migrations.RunPython(to_korean, to_english),
    ]
