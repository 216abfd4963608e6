from django.db import migrations

from lms.people.role_grants import granting

# 콘텐츠 편집자 keep the U-지식여행 topics their episodes are filed under.
grant, revoke = granting("콘텐츠 편집자", "knowledge_trip", ["add_topic", "change_topic", "delete_topic", "view_topic"])


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge_trip", "0002_seed_topics"),
        ("people", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
