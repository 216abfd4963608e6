from django.db import migrations

from lms.people.role_grants import granting

# 인사 담당자 write, publish and retire each year's bonus-point rules, and freeze a year's result.
grant, revoke = granting(
    "인사 담당자", "evaluation", [
        "add_ruleset",
        "change_ruleset",
        "delete_ruleset",
        "view_ruleset",
        "publish_ruleset",
        "view_frozenresult",
        "freeze_result",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_rule_sets_and_frozen_results"),
        ("people", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
