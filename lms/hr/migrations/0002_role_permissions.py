from django.db import migrations

from lms.people.role_grants import granting

# 인사 담당자 open every person's record, export every department and read the export log;
# 부서 담당자 open records and export within the subtree they manage (lms.hr.selectors applies the scope).
grant_hr, revoke_hr = granting("인사 담당자", "hr", ["view_completion_records", "export_completion_records", "view_dataexport"])
grant_manager, revoke_manager = granting("부서 담당자", "hr", ["view_completion_records", "export_completion_records"])


class Migration(migrations.Migration):
    dependencies = [
        ("hr", "0001_initial"),
        ("people", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_hr, revoke_hr), migrations.RunPython(grant_manager, revoke_manager)]
