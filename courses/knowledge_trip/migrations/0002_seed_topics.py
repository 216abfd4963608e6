"""The three themes of U-지식여행 in the 2018 plan (§5-2); editors may rename or add more afterwards."""

from django.db import migrations

TOPICS = [
    ("공직자 서비스 마인드", "시민을 대하는 공직자의 기본자세와 서비스 정신"),
    ("시민과의 소통기법", "전화·방문 응대에서 오해 없이 말하고 듣는 방법"),
    ("시민의 마음을 읽는 법", "민원인의 감정과 욕구를 이해하고 공감하는 방법"),
]


def seed_topics(apps, schema_editor):
    Topic = apps.get_model("knowledge_trip", "Topic")
    for order, (name, description) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"description": description, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("knowledge_trip", "0001_initial")]

    operations = [migrations.RunPython(seed_topics, migrations.RunPython.noop)]
