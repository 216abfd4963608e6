"""Migration people.0006 backfills one membership per existing profile."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.factories import migrate_to

BEFORE = [("people", "0005_hr_login_security")]
AFTER = [("people", "0006_membership_history")]


@pytest.mark.django_db(transaction=True)
def test_backfill_opens_one_membership_per_profile_and_closes_inactive_ones():
    old = migrate_to(BEFORE)
    User, StaffProfile, Department = (old.get_model("people", name) for name in ("User", "StaffProfile", "Department"))
    department = Department.objects.create(path="0099", depth=1, code="BACKFILL", name="가져오기부", kind="부서")
    joined = timezone.make_aware(datetime(2015, 4, 2, 9, 0))

    def person(username, *, active=True, **profile):
        user = User.objects.create(username=username, name=username, is_active=active, date_joined=joined)
        StaffProfile.objects.create(user=user, department=department, rank="7급 주무관", **profile)
        return user

    person("b-active", active_from=date(2019, 3, 1))
    person("b-joined")  # no 재직 시작일: the day the account was made
    person("b-left", active=False, active_from=date(2018, 1, 1), active_until=date(2025, 6, 30))
    person("b-left-undated", active=False, active_from=date(2018, 1, 1))
    person("b-same-day", active=False, active_from=date(2025, 1, 1), active_until=date(2025, 1, 1))
    User.objects.create(username="b-no-profile")

    new = migrate_to(AFTER)
    Membership = new.get_model("people", "Membership")
    rows = {
        m.user.username: (m.department.code, m.rank, m.valid_from, m.valid_until)
        for m in Membership.objects.select_related("user", "department")
    }
    assert rows == {
        "b-active": ("BACKFILL", "7급 주무관", date(2019, 3, 1), None),
        "b-joined": ("BACKFILL", "7급 주무관", date(2015, 4, 2), None),
        "b-left": ("BACKFILL", "7급 주무관", date(2018, 1, 1), date(2025, 6, 30)),
        "b-left-undated": ("BACKFILL", "7급 주무관", date(2018, 1, 1), timezone.localdate()),
    }
