"""The dashboard's numbers go out through HR's audited export: a purpose, an audit row with the filters,
row count and hash, logged downloads (a failed one too); a manager's file holds their subtree only."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.hr.models import DataExport, ExportDownload, ExportStatus
from lms.people import roles
from lms.people.models import StaffProfile
from tests.evaluation.conftest import TEST_KIND
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

QUERY = {"year": "2026", "reference_date": "2026-12-01", "counted": f"kind:{TEST_KIND.key}", "sort": "rate_desc"}
PURPOSE = "2026년 민원서비스 평가 제출"


def signed_in(client, role, **profile):
    user = make_staff("2019001" if role == roles.HR else "2019002", "박인사" if role == roles.HR else "최담당")
    user.groups.add(Group.objects.get(name=role))
    if profile:
        StaffProfile.objects.create(user=user, **profile)
    client.force_login(user)
    return user


def export(client, **extra):
    return client.post(reverse("evaluation_rates_export"), {**QUERY, "file_format": "xlsx", "purpose": PURPOSE, **extra})


def downloaded(client, export_row):
    response = client.post(reverse("hr_export_download", args=[export_row.token]))
    return b"".join(response.streaming_content)


def test_the_dashboard_offers_the_export_with_its_filters(client, organisation):
    signed_in(client, roles.HR)
    page = client.get(reverse("evaluation_rates"), QUERY)
    assert reverse("evaluation_rates_export") in page.text and 'name="purpose"' in page.text
    assert 'type="hidden" name="sort" value="rate_desc"' in page.text


def test_hr_exports_the_tree_with_an_audit_row_and_a_logged_download(client, organisation):
    hr = signed_in(client, roles.HR)
    response = export(client)
    row = DataExport.objects.get()
    assert response["Location"] == reverse("hr_export_status", args=[row.token])
    assert row.status == ExportStatus.DONE and row.row_count == 6 and len(row.sha256) == 64
    assert row.purpose == PURPOSE and row.report == "evaluation_rates" and row.get_report_display() == "부서별 이수율"
    assert row.filters["query"]["counted"] == QUERY["counted"] and row.filters["department"] is None
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(client, row)), read_only=True)["부서별 이수율"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("부서코드", "부서") and len(rows) == 7
    by_code = {line[0]: line for line in rows[1:]}
    assert by_code["CIVIC-TEAM"][5:] == (3, 2, 66.7)  # 소통팀: p2, p3, p7; p2 and p7 completed
    assert rows[1][0] == "CIVIC-TEAM" or rows[1][-1] >= rows[2][-1]  # sorted as on the dashboard
    assert ExportDownload.objects.get(export=row, downloaded_by=hr).succeeded


def test_csv_too(client, organisation):
    signed_in(client, roles.HR)
    export(client, file_format="csv")
    row = DataExport.objects.get()
    lines = list(csv.reader(io.StringIO(downloaded(client, row).decode("utf-8-sig"))))
    assert lines[0][0] == "부서코드" and len(lines) == 7


def test_no_purpose_no_export(client, organisation):
    signed_in(client, roles.HR)
    response = export(client, purpose="")
    assert response.status_code == 302 and response["Location"].startswith(reverse("evaluation_rates"))
    assert not DataExport.objects.exists()
    page = client.get(response["Location"])
    assert "사용 목적을 입력해 주세요" in page.text


def test_a_managers_export_holds_their_subtree_even_when_the_query_asks_for_more(client, organisation):
    signed_in(client, roles.DEPARTMENT_MANAGER, department=organisation["team"], managed_department=organisation["bureau"])
    export(client, department=str(organisation["seoul"].pk), scope="all", within=str(organisation["water"].pk))
    row = DataExport.objects.get()
    assert row.filters["department"]["code"] == "CIVIC" and set(row.filters["query"]) <= set(QUERY) | {"attribution", "minimum", "split"}
    rows = list(openpyxl.load_workbook(io.BytesIO(downloaded(client, row)), read_only=True).active.iter_rows(values_only=True))
    assert {line[0] for line in rows[1:]} == {"CIVIC", "CIVIC-DESK", "CIVIC-TEAM"}


def test_a_failed_file_and_a_failed_download_are_on_record(client, organisation, monkeypatch):
    hr = signed_in(client, roles.HR)

    def storage_down(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("lms.hr.services.sha256_of", storage_down)
    export(client)
    failed = DataExport.objects.get()
    assert failed.status == ExportStatus.FAILED and failed.purpose == PURPOSE and failed.filters["query"]
    response = client.post(reverse("hr_export_download", args=[failed.token]))
    assert response.status_code == 302
    attempt = ExportDownload.objects.get(export=failed, downloaded_by=hr)
    assert not attempt.succeeded and attempt.failure_reason


def test_staff_cannot_export(client, organisation):
    client.force_login(make_staff("2019003", "김직원"))
    assert export(client).status_code in (302, 403)
    assert not DataExport.objects.exists()
