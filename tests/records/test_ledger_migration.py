"""records 0004: every HoursLedgerEntry row, written the old way, becomes a CompletionRecord; none lost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Site

BEFORE = [("records", "0003_completion_record")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_ledger_row_becomes_a_completion_record_of_its_year():
    home_id = Site.objects.get(is_default_site=True).root_page_id
    old = migrate(BEFORE)
    try:
        User = old.get_model("people", "User")
        Department = old.get_model("people", "Department")
        StaffProfile = old.get_model("people", "StaffProfile")
        Ledger = old.get_model("records", "HoursLedgerEntry")
        team = Department.objects.create(path="0009", depth=1, numchild=0, code="T-MIG", name="민원기획팀", kind="팀")
        placed = User.objects.create(username="2019101", name="이전기")
        StaffProfile.objects.create(user=placed, department=team, rank="주무관")
        unplaced = User.objects.create(username="2019102", name="무소속")
        rows = [
            Ledger.objects.create(user=placed, page_id=home_id, hours=Decimal("6.0"), source_label="이러닝 과정 «A» 이수",
                                  earned_on=dt.date(2024, 12, 31), evaluation_year=2024),
            Ledger.objects.create(user=unplaced, page_id=home_id, hours=Decimal("7.5"), source_label="이러닝 과정 «B» 이수",
                                  earned_on=dt.date(2025, 1, 2), evaluation_year=2025),
        ]
    finally:
        new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Record = new.get_model("records", "CompletionRecord")
    records = {record.evidence["pk"]: record for record in Record.objects.filter(evidence__model="records.hoursledgerentry")}
    assert set(records) == {row.pk for row in rows}
    first, second = records[rows[0].pk], records[rows[1].pk]
    assert (first.item_kind, first.item_key, first.page_id, first.source) == ("course", str(home_id), home_id, "online")
    assert (first.completed_on, first.evaluation_year, first.hours) == (dt.date(2024, 12, 31), 2024, Decimal("6.00"))
    assert first.department_id == team.pk and first.rank == "주무관"
    assert first.evidence["label"] == "이러닝 과정 «A» 이수" and first.item_title
    assert (second.evaluation_year, second.hours, second.department_id, second.rank) == (2025, Decimal("7.50"), None, "")
    assert "records_hoursledgerentry" not in connection.introspection.table_names()
