"""programmes 0003: offline-session completion records written before records had a category and a
start date get both from their session."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import migrate_to

BEFORE = [("records", "0005_restart_event"), ("programmes", "0002_plan_kinds_and_roles")]


@pytest.mark.django_db(transaction=True)
def test_old_offline_records_get_their_programme_kind_and_first_day():
    old = migrate_to(BEFORE)
    try:
        User = old.get_model("people", "User")
        Kind = old.get_model("programmes", "ProgrammeKind")
        Programme = old.get_model("programmes", "Programme")
        Session = old.get_model("programmes", "Session")
        Record = old.get_model("records", "CompletionRecord")
        person = User.objects.create(username="2019301", name="옛기록")
        healing = Kind.objects.get(name="감정노동 힐링 프로그램")
        programme = Programme.objects.create(title="힐링캠프", kind=healing, year=2026)
        camp = Session.objects.create(
            programme=programme, label="1기", place="수련원", capacity=30, hours=Decimal("12"),
            # 10:00 in Seoul on 5 May is still 4 May in UTC: the first day is Seoul's.
            starts_at=dt.datetime(2026, 5, 5, 1, 0, tzinfo=dt.timezone.utc),
            ends_at=dt.datetime(2026, 5, 6, 8, 0, tzinfo=dt.timezone.utc),
        )
        common = dict(user=person, item_title="힐링캠프 1기", evaluation_year=2026, hours=12, source="offline")
        attended = Record.objects.create(item_kind="offline_session", item_key=str(camp.pk), completed_on=dt.date(2026, 5, 6), **common)
        gone = Record.objects.create(item_kind="offline_session", item_key="999999", completed_on=dt.date(2026, 5, 6), **common)
        online = Record.objects.create(item_kind="course", item_key="3", completed_on=dt.date(2026, 5, 6), **common)
    finally:
        new = migrate_to()

    Record = new.get_model("records", "CompletionRecord")
    rows = {row.pk: row for row in Record.objects.filter(user__username="2019301")}
    assert (rows[attended.pk].category, rows[attended.pk].started_on) == (f"programme_kind:{healing.pk}", dt.date(2026, 5, 5))
    assert (rows[gone.pk].category, rows[gone.pk].started_on) == ("", None)
    assert (rows[online.pk].category, rows[online.pk].started_on) == ("", None)
