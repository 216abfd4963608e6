from django.db import migrations

from lms.people.role_grants import granting

# 인사 담당자 read the login-throttling records and lift a refusal (deleting the attempts is the unlock).
grant, revoke = granting(
    "인사 담당자", "axes", ["view_accessattempt", "delete_accessattempt", "view_accesslog", "view_accessfailurelog"]
)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_roster_uploads_in_private_storage"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
