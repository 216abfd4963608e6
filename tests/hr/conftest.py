"""People in three parts of the organisation, completions in two years, and the kinds they are of."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from lms.people import roles
from lms.records import registry
from lms.records.models import CompletionSource
from lms.records.services import record_completion
from tests.factories import make_membership
from tests.people.conftest import departments, hr_user, make_person  # noqa: F401  (fixtures)

COURSE = registry.LearnableKind(key="course", label="이러닝 과정", source=CompletionSource.ONLINE, group_label="이러닝")
SESSION = registry.LearnableKind(key="offline_session", label="집합교육", source=CompletionSource.OFFLINE,
                                 group_label="집합교육")
IMPORTED = registry.LearnableKind(key="imported", label="외부 이수", source=CompletionSource.IMPORTED)
KINDS = [COURSE, SESSION, IMPORTED]
YEAR = 2026


@pytest.fixture(autouse=True)
def learnable_kinds(monkeypatch):
    """Exactly these kinds, whatever the apps registered, so per-kind columns are known."""
    monkeypatch.setattr(registry, "_kinds", {kind.key: kind for kind in KINDS})
    return KINDS


def complete(user, kind, key, *, title=None, on=dt.date(YEAR, 3, 2), hours="2", started_on=None):
    record, _ = record_completion(
        user=user, kind=kind.key, key=str(key), title=title or f"{kind.label} {key}", completed_on=on, started_on=started_on,
        hours=Decimal(hours), source=kind.source, evidence={"model": "tests.fixture", "pk": 1},
    )
    return record


@pytest.fixture
def water_manager(departments):
    return make_person("9000004", departments["WTR-S"], name="최담당", groups=[roles.DEPARTMENT_MANAGER],
                       managed=departments["WTR-S"])


@pytest.fixture
def open_desk_manager(departments):
    return make_person("9000005", departments["CSV"], name="정담당", groups=[roles.DEPARTMENT_MANAGER],
                       managed=departments["CSV"])


@pytest.fixture
def editor(departments):
    return make_person("9000002", departments["NMD"], name="이편집", groups=[roles.EDITOR])


@pytest.fixture
def staff_member(departments):
    return make_person("9000003", departments["CSV-OPEN"], name="김직원", groups=[roles.STAFF])


@pytest.fixture
def ledger(departments):
    """Two people under 남부수도사업소, one in 열린민원실; completions this year and last."""
    field = make_person("2019001", departments["WTR-S-FIELD"], name="가현장")
    fee = make_person("2019002", departments["WTR-S-FEE"], name="나요금")
    desk = make_person("2019003", departments["CSV-OPEN"], name="다민원")
    for user in (field, fee, desk):
        user.profile.rank = "주무관"
        user.profile.save()
        make_membership(user, user.profile.department, rank="주무관", valid_from=dt.date(YEAR - 2, 1, 1))
    records = [
        complete(field, COURSE, 1, hours="5", on=dt.date(YEAR, 2, 1)),
        complete(field, SESSION, 11, hours="3", on=dt.date(YEAR, 4, 5)),
        complete(field, COURSE, 1, hours="5", on=dt.date(YEAR - 1, 6, 1)),  # last year's
        complete(fee, COURSE, 2, hours="7.5", on=dt.date(YEAR, 5, 1)),
        complete(fee, IMPORTED, "HRI-9", hours="1", on=dt.date(YEAR, 7, 1)),
        complete(desk, SESSION, 12, hours="4", on=dt.date(YEAR, 8, 1)),
        complete(desk, COURSE, 3, hours="0", on=dt.date(YEAR, 9, 1)),
    ]
    return {"field": field, "fee": fee, "desk": desk, "records": records}


def xlsx_rows(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def downloaded(response):
    return b"".join(response.streaming_content)


def export_post(client, **fields):
    data = {"report": "detail", "year": str(YEAR), "file_format": "xlsx", "purpose": "2026년 상시학습 실적 평가 제출"}
    data.update({key: value for key, value in fields.items() if value is not None})
    return client.post("/admin/hr/exports/", data)
