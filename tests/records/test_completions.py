"""The completion record core: the registry, record_completion / revoke_completion, the selectors."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lms.records import bulk, registry, selectors, services
from lms.records.models import CompletionRecord, CompletionSource
from tests.factories import make_department, make_membership, make_staff_in

OFFLINE = registry.LearnableKind(key="test_session", label="집합교육", source=CompletionSource.OFFLINE, group_label="집합교육")


@pytest.fixture
def offline_kind(monkeypatch):
    monkeypatch.setitem(registry._kinds, OFFLINE.key, OFFLINE)
    return OFFLINE


@pytest.fixture
def city(db):
    return make_department("T-CITY", "서울특별시", kind="기관")


@pytest.fixture
def person(city):
    division = make_department("T-DIV", "시민소통과", parent=city)
    return make_staff_in(division, "2019001", "이이수", rank="주무관")


def complete(person, *, key="7", on=dt.date(2026, 3, 2), hours="3", **extra):
    return services.record_completion(
        user=person,
        kind=OFFLINE.key,
        key=key,
        title="민원응대 원포인트레슨",
        completed_on=on,
        hours=hours,
        source=CompletionSource.OFFLINE,
        evidence={"model": "programmes.attendance", "pk": 1},
        **extra,
    )


def test_registry_refuses_the_same_key_for_another_kind(offline_kind):
    registry.register_learnable_kind(OFFLINE)  # the same kind again is harmless
    assert registry.learnable_kind(OFFLINE.key) is OFFLINE
    with pytest.raises(ValueError, match="이미 다른 내용으로"):
        registry.register_learnable_kind(registry.LearnableKind(key=OFFLINE.key, label="다른 것", source="offline"))
    with pytest.raises(ValueError, match="이수 구분"):
        registry.register_learnable_kind(registry.LearnableKind(key="x_kind", label="x", source="elsewhere"))
    with pytest.raises(KeyError):
        registry.learnable_kind("never_registered")
    assert OFFLINE in registry.learnable_kinds()


def test_record_completion_refuses_unregistered_kind_and_wrong_source(person, offline_kind):
    with pytest.raises(ValueError, match="등록되지 않은"):
        services.record_completion(
            user=person, kind="never_registered", key="1", title="t", completed_on=dt.date(2026, 1, 1),
            hours=1, source=CompletionSource.ONLINE, evidence={},
        )
    with pytest.raises(ValueError, match="이수 구분"):
        services.record_completion(
            user=person, kind=OFFLINE.key, key="1", title="t", completed_on=dt.date(2026, 1, 1),
            hours=1, source=CompletionSource.ONLINE, evidence={},
        )
    assert not CompletionRecord.objects.exists()


@pytest.mark.parametrize("hours", ["-0.5", "1000", "NaN", "세 시간", "Infinity"])
def test_record_completion_refuses_impossible_hours(person, offline_kind, hours):
    with pytest.raises(ValidationError):
        complete(person, hours=hours)
    assert not CompletionRecord.objects.exists()


def test_record_completion_snapshots_placement_and_year(person, offline_kind):
    record, created = complete(person, hours="2.5", group="offline_programme:3")
    assert created
    record.refresh_from_db()
    assert record.evaluation_year == 2026 and record.completed_on == dt.date(2026, 3, 2)
    assert record.hours == Decimal("2.50") and record.source == "offline"
    assert record.department.code == "T-DIV" and record.rank == "주무관"
    assert record.item_group == "offline_programme:3" and record.evidence == {"model": "programmes.attendance", "pk": 1}
    # A transfer later does not move the hours already earned.
    person.profile.department = make_department("T-OTHER", "다른과", parent=person.profile.department.get_parent())
    person.profile.save()
    record.refresh_from_db()
    assert record.department.code == "T-DIV"


def test_start_date_and_category_are_kept_and_a_start_after_completion_refused(person, offline_kind):
    record, _ = complete(person, started_on=dt.date(2026, 2, 27), category="programme_kind:4")
    record.refresh_from_db()
    assert (record.started_on, record.completed_on, record.category) == (dt.date(2026, 2, 27), dt.date(2026, 3, 2), "programme_kind:4")
    assert complete(person, key="8")[0].started_on is None
    with pytest.raises(ValidationError, match="교육 시작일이 이수일보다 늦을 수 없습니다"):
        complete(person, key="9", started_on=dt.date(2026, 3, 3))
    with pytest.raises(ValidationError, match="교육 시작일이 이수일보다 늦을 수 없습니다"):
        bulk.record_completions([bulk.Completion(
            user=person, kind=OFFLINE.key, key="10", title="과정", completed_on=dt.date(2026, 3, 2), hours=1,
            source=CompletionSource.OFFLINE, evidence={}, started_on=dt.date(2026, 3, 3),
        )])
    assert not CompletionRecord.objects.filter(item_key__in=["9", "10"]).exists()


def test_zero_hours_allowed_and_once_per_year(person, offline_kind):
    first, created = complete(person, hours=0)
    again, created_again = complete(person, hours=5, on=dt.date(2026, 11, 30))
    assert created and not created_again and again.pk == first.pk and again.hours == 0
    next_year, created_next = complete(person, hours=4, on=dt.date(2027, 1, 4))
    assert created_next and next_year.evaluation_year == 2027
    assert selectors.hours_by_year(user=person, years=[2025, 2026, 2027]) == {
        2025: Decimal("0"), 2026: Decimal("0"), 2027: Decimal("4"),
    }


def test_selectors(person, city, offline_kind):
    complete(person, key="1", on=dt.date(2025, 5, 1), hours=2)
    complete(person, key="2", on=dt.date(2026, 2, 1), hours=3)
    complete(person, key="3", on=dt.date(2026, 6, 1), hours="1.5")
    assert [r.item_key for r in selectors.completions_of(user=person)] == ["3", "2", "1"]
    assert [r.item_key for r in selectors.completions_of(user=person, year=2026)] == ["3", "2"]
    assert selectors.hours_by_year(user=person, years=[2026])[2026] == Decimal("4.5")
    assert selectors.has_completed(user=person, kind=OFFLINE.key, key="1")
    assert not selectors.has_completed(user=person, kind=OFFLINE.key, key="1", year=2026)
    assert selectors.evaluation_year_of(dt.date(2026, 12, 31)) == 2026
    other_root = make_department("T-ELSE", "다른 기관", kind="기관")
    assert selectors.completion_records(year=2026, department=city).count() == 2
    assert not selectors.completion_records(department=other_root).exists()
    assert selectors.completion_records(kinds=["course"]).count() == 0
    assert selectors.completion_records(user_ids=[person.pk], kinds=[OFFLINE.key]).count() == 3
    assert selectors.completion_records(department=city, attribution="current").count() == 3
    with pytest.raises(ValueError):
        selectors.completion_records(attribution="whenever")


def test_revoke_completion(person, offline_kind):
    complete(person, on=dt.date(2025, 5, 1))
    complete(person, on=dt.date(2026, 5, 1))
    assert services.revoke_completion(user=person, kind=OFFLINE.key, key="7", evaluation_year=2026)
    assert not services.revoke_completion(user=person, kind=OFFLINE.key, key="7", evaluation_year=2026)
    assert list(CompletionRecord.objects.values_list("evaluation_year", flat=True)) == [2025]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="동시성 검증은 PostgreSQL에서 합니다.")
@pytest.mark.django_db(transaction=True)
def test_concurrent_record_completion_creates_one_row(person, offline_kind):
    barrier, results, errors = threading.Barrier(8), [], []

    def worker():
        try:
            barrier.wait()
            results.append(complete(person, hours=3)[1])
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(results) == [False] * 7 + [True]
    assert CompletionRecord.objects.count() == 1


def test_placement_on_the_completion_date_comes_from_the_dated_roster(person, city, offline_kind):
    """A transfer on 7월 1일: a completion in June belongs to the old department, one in July to the new;
    a day before the person was on the roster has no department."""
    old, new = person.profile.department, make_department("T-NEW", "민원조사과", parent=city)
    make_membership(person, old, valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 7, 1), rank="8급 서기")
    make_membership(person, new, valid_from=dt.date(2026, 7, 1), rank="7급 주무관")
    june, _ = complete(person, key="june", on=dt.date(2026, 6, 30))
    july, _ = complete(person, key="july", on=dt.date(2026, 7, 1))
    before, _ = complete(person, key="before", on=dt.date(2025, 12, 31))
    assert (june.department, june.rank) == (old, "8급 서기")
    assert (july.department, july.rank) == (new, "7급 주무관")
    assert (before.department, before.rank) == (None, "")
    assert selectors.completion_records(department=new).get() == july


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("6.00"), "6"), (Decimal("4.50"), "4.5"), (Decimal("1.25"), "1.25"), (Decimal("10"), "10"), (None, "0")]
)
def test_hours_filter(value, shown):
    from lms.records.templatetags.records_tags import hours

    assert hours(value) == shown
