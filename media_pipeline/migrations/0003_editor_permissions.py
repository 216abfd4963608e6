from django.db import migrations

from lms.people.role_grants import granting

# 콘텐츠 편집자 upload and manage videos (captions are edited inline with their video).
grant, revoke = granting("콘텐츠 편집자", "media_pipeline", ["add_video", "change_video", "delete_video", "view_video"])


class Migration(migrations.Migration):
    dependencies = [
        ("media_pipeline", "0002_source_name_captions_run"),
        ("people", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
