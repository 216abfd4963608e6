"""records 0004: every HoursLedgerEntry row, written the old way, becomes a CompletionRecord; none lost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from wagtail.models import Site

from tests.factories import migrate_to

BEFORE = [("records", "0003_completion_record")]


@pytest.mark.django_db(transaction=True)
def test_every_ledger_row_becomes_a_completion_record_of_its_year():
    home_id = Site.objects.get(is_default_site=True).root_page_id
    old = migrate_to(BEFORE)
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
        new = migrate_to()

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


BEFORE_PLACEMENTS = [("records", "0006_completion_category_and_start"), ("people", "0006_membership_history")]


@pytest.mark.django_db(transaction=True)
def test_ledger_records_take_the_department_and_rank_of_the_roster_on_their_completion_date():
    old = migrate_to(BEFORE_PLACEMENTS)
    try:
        User = old.get_model("people", "User")
        Department = old.get_model("people", "Department")
        Membership = old.get_model("people", "Membership")
        Record = old.get_model("records", "CompletionRecord")
        earlier = Department.objects.create(path="0010", depth=1, numchild=0, code="T-OLD", name="민원기획팀", kind="팀")
        later = Department.objects.create(path="0011", depth=1, numchild=0, code="T-NEW", name="인재개발팀", kind="팀")
        moved = User.objects.create(username="2019201", name="전보자")
        # Transferred on 1 July 2025; the migration 0004 gave every row the profile's department then (later).
        Membership.objects.create(user=moved, department=earlier, rank="주무관", valid_from=dt.date(2020, 1, 1),
                                  valid_until=dt.date(2025, 7, 1))
        Membership.objects.create(user=moved, department=later, rank="팀장", valid_from=dt.date(2025, 7, 1))

        def record(key, completed_on, evidence):
            return Record.objects.create(
                user=moved, item_kind="course", item_key=key, item_title=f"과정 {key}", completed_on=completed_on,
                evaluation_year=completed_on.year, hours=Decimal("2"), department=later, rank="팀장", source="online",
                evidence=evidence,
            )

        ledger = {"model": "records.hoursledgerentry", "pk": 1}
        before_transfer = record("1", dt.date(2025, 3, 4), ledger)
        on_transfer_day = record("2", dt.date(2025, 7, 1), {**ledger, "pk": 2})
        before_any_membership = record("3", dt.date(2019, 5, 1), {**ledger, "pk": 3})
        not_from_ledger = record("4", dt.date(2025, 3, 5), {"model": "records.learningevent", "pk": 9})
    finally:
        new = migrate_to()

    Record = new.get_model("records", "CompletionRecord")
    placed = {record.pk: (record.department_id, record.rank) for record in Record.objects.filter(user_id=moved.pk)}
    assert placed[before_transfer.pk] == (earlier.pk, "주무관")
    assert placed[on_transfer_day.pk] == (later.pk, "팀장")
    assert placed[before_any_membership.pk] == (later.pk, "팀장")
    assert placed[not_from_ledger.pk] == (later.pk, "팀장")
