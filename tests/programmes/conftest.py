import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.people import roles
from lms.programmes.models import Audience, Programme, ProgrammeKind, Session
from tests.people.conftest import csv_bytes, departments, make_person, xlsx_bytes  # noqa: F401 (fixtures)

__all__ = ["csv_bytes", "xlsx_bytes", "make_person"]

KST = datetime.timezone(datetime.timedelta(hours=9))


def at(day, hour=14):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=KST)


def make_programme(*, title="민원응대 역량 향상", kind="신규·재직 민원응대역량 과정", audience=Audience.ALL, year=None, **fields):
    return Programme.objects.create(
        title=title,
        kind=ProgrammeKind.objects.get(name=kind),
        year=year or timezone.localdate().year,
        audience=audience,
        **fields,
    )


def make_session(programme, *, day, days=1, capacity=30, hours="3", label="1회차", **fields):
    return Session.objects.create(
        programme=programme,
        label=label,
        starts_at=at(day, 10),
        ends_at=at(day + datetime.timedelta(days=days - 1), 17),
        place="인재개발원 대강당",
        capacity=capacity,
        hours=Decimal(hours),
        **fields,
    )


def in_days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def hr_user(departments):  # noqa: F811
    return make_person("9000001", departments["HRD"], name="박인사", groups=[roles.HR])


@pytest.fixture
def editor_user(departments):  # noqa: F811
    return make_person("9000002", departments["NMD"], name="이편집", groups=[roles.EDITOR])


@pytest.fixture
def water_manager(departments):  # noqa: F811
    return make_person(
        "9000004", departments["WTR-S"], name="최담당", groups=[roles.DEPARTMENT_MANAGER], managed=departments["WTR-S"]
    )


@pytest.fixture
def people(departments):  # noqa: F811
    """Five members of staff: three in the high-intensity 열린민원실, two in the 남부수도사업소 subtree (the 급수운영과 one is an ordinary unit)."""
    return [
        make_person("2026001", departments["CSV-OPEN"], name="김하나", groups=[roles.STAFF]),
        make_person("2026002", departments["CSV-OPEN"], name="이두리", groups=[roles.STAFF]),
        make_person("2026003", departments["CSV-OPEN"], name="박세나", groups=[roles.STAFF]),
        make_person("2026004", departments["WTR-S"], name="최네나", groups=[roles.STAFF]),
        make_person("2026005", departments["WTR-S-SUPPLY"], name="정다섯", groups=[roles.STAFF]),
    ]
