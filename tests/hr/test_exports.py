"""Exports HR opens in Excel: the year's every record, per-department totals, formula-safe, BOM'd CSV."""

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.hr.models import DataExport, ExportStatus
from lms.hr.spreadsheets import neutralise
from lms.people.history import record_placement
from lms.people.models import Membership
from tests.factories import make_membership

from .conftest import COURSE, IMPORTED, SESSION, YEAR, complete, downloaded, export_post, make_person, xlsx_rows


def export_and_download(client, **fields):
    response = export_post(client, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    export = DataExport.objects.latest("requested_at")
    assert response.url == f"/admin/hr/exports/{export.token}/"
    assert export.status == ExportStatus.DONE, export.status_message
    file_response = client.post(f"/admin/hr/exports/{export.token}/download/")
    assert file_response.status_code == 200
    return export, downloaded(file_response)


def test_the_detail_export_holds_every_record_of_the_year_and_nothing_else(client, hr_user, ledger):
    client.force_login(hr_user)
    export, content = export_and_download(client, report="detail")
    rows = xlsx_rows(content)
    assert rows[0] == ["직원번호", "성명", "직급(당시)", "부서(당시소속)", "과정명", "학습유형", "구분", "교육기간", "인정시간", "이수일"]
    this_year = [record for record in ledger["records"] if record.evaluation_year == YEAR]
    assert len(rows) - 1 == len(this_year) == export.row_count == 6
    first = next(row for row in rows if row[4] == "이러닝 과정 2")
    assert first[:4] == ["2019002", "나요금", "주무관", "요금과"]
    assert first[5:8] == ["이러닝 과정", "온라인", "2026-05-01"]
    assert first[8] == 7.5 and first[9] == dt.datetime(YEAR, 5, 1)
    assert not any(row[9] and row[9].year == YEAR - 1 for row in rows[1:])


def test_the_summary_export_totals_hours_per_person_and_kind(client, hr_user, ledger):
    client.force_login(hr_user)
    export, content = export_and_download(client, report="summary", reference_date=f"{YEAR}-10-01")
    rows = xlsx_rows(content)
    assert rows[0] == ["직원번호", "성명", "직급", "부서", "총 인정시간", "이러닝 과정 인정시간", "집합교육 인정시간",
                       "외부 이수 인정시간", "이수 건수"]
    by_person = {row[0]: row for row in rows[1:4]}
    assert by_person["2019001"][3:] == ["현장민원과", 8, 5, 3, 0, 2]  # last year's course is not in
    assert by_person["2019002"][3:] == ["요금과", 8.5, 7.5, 0, 1, 2]
    assert by_person["2019003"][3:] == ["열린민원실", 4, 0, 4, 0, 2]
    assert rows[4:] == [[], [f"기준일 {YEAR}-10-01에 선택한 부서(하위 포함)에 소속된 직원과 그날의 부서·직급입니다."]]
    assert export.row_count == 3 and export.filters["reference_date"] == f"{YEAR}-10-01"
    assert f"기준일 {YEAR}-10-01" in export.filters_label


def test_the_summary_lists_every_member_on_the_reference_date_with_zero_hours(client, hr_user, ledger, departments):
    idle = make_person("2019004", departments["WTR-S-FEE"], name="라무이수")
    make_membership(idle, departments["WTR-S-FEE"], rank="주무관", valid_from=dt.date(YEAR, 1, 1))
    hired_later = make_person("2019005", departments["WTR-S-FEE"], name="마신규")
    make_membership(hired_later, departments["WTR-S-FEE"], rank="서기보", valid_from=dt.date(YEAR, 11, 1))
    client.force_login(hr_user)
    _, content = export_and_download(client, report="summary", department=str(departments["WTR-S"].pk),
                                     reference_date=f"{YEAR}-10-01")
    members = [row for row in xlsx_rows(content)[1:] if row and row[0] and row[0].isdigit()]
    assert [row[0] for row in members] == ["2019002", "2019004", "2019001"]  # department path order, then number
    assert members[1][2:] == ["주무관", "요금과", 0, 0, 0, 0, 0]


def test_the_summary_takes_department_and_rank_of_the_reference_date_and_counts_leavers(client, hr_user, ledger,
                                                                                        departments):
    """A transfer on 1 Sept: listed once, where they were on the 기준일; a leaver is counted under the table."""
    field, fee = ledger["field"], ledger["fee"]
    record_placement(user=field, department=departments["CSV-OPEN"], rank="팀장", on=dt.date(YEAR, 9, 1))
    complete(field, COURSE, 4, hours="1", on=dt.date(YEAR, 10, 1))
    Membership.objects.filter(user=fee).update(valid_until=dt.date(YEAR, 9, 1))  # left on 1 Sept
    client.force_login(hr_user)

    _, content = export_and_download(client, report="summary", reference_date=f"{YEAR}-08-31")
    rows = {row[0]: row for row in xlsx_rows(content)[1:] if row and row[0] and row[0].isdigit()}
    assert rows["2019001"][2:5] == ["주무관", "현장민원과", 9] and "2019002" in rows

    _, content = export_and_download(client, report="summary", reference_date=f"{YEAR}-10-01")
    lines = xlsx_rows(content)
    rows = {row[0]: row for row in lines[1:] if row and row[0] and row[0].isdigit()}
    assert rows["2019001"][2:5] == ["팀장", "열린민원실", 9]  # the whole year: HR chose no department
    assert "2019002" not in rows
    assert lines[-1] == ["이 해에 이수했지만 기준일에 소속이 아닌 직원 1명(인정시간 8.5시간)은 이 표에 없습니다. "
                         "이수 상세 자료에 있습니다."]
    _, content = export_and_download(client, report="detail")
    assert {row[0] for row in xlsx_rows(content)[1:]} == {"2019001", "2019002", "2019003"}


def test_the_reference_date_defaults_to_today_or_the_end_of_a_past_year(client, hr_user, ledger):
    client.force_login(hr_user)
    this_year = timezone.localdate().year
    export_and_download(client, report="summary", year=str(this_year))
    export_and_download(client, report="summary", year=str(this_year - 1))
    dates = list(DataExport.objects.order_by("requested_at").values_list("filters__reference_date", flat=True))
    assert dates == [timezone.localdate().isoformat(), f"{this_year - 1}-12-31"]
    assert "reference_date" not in export_and_download(client, report="detail")[0].filters


def test_a_reference_date_in_the_future_is_refused_in_korean(client, hr_user, ledger):
    client.force_login(hr_user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = export_post(client, report="summary", reference_date=tomorrow.isoformat())
    assert response.status_code == 200 and "기준일은 오늘이나 그 전이어야 합니다" in response.content.decode()
    assert not DataExport.objects.exists()


def test_the_training_period_runs_from_the_start_date_in_the_export_and_on_the_record_page(client, hr_user, ledger):
    complete(ledger["fee"], SESSION, 21, title="신규 민원응대 과정", hours="21", on=dt.date(YEAR, 3, 6),
             started_on=dt.date(YEAR, 3, 2))
    complete(ledger["fee"], SESSION, 22, title="하루 특강", hours="2", on=dt.date(YEAR, 3, 9),
             started_on=dt.date(YEAR, 3, 9))
    client.force_login(hr_user)
    _, content = export_and_download(client, report="detail")
    periods = {row[4]: row[7] for row in xlsx_rows(content)[1:]}
    assert periods["신규 민원응대 과정"] == f"{YEAR}-03-02 ~ {YEAR}-03-06"
    assert periods["하루 특강"] == f"{YEAR}-03-09" and periods["이러닝 과정 2"] == f"{YEAR}-05-01"
    page = client.get(f"/admin/hr/people/{ledger['fee'].pk}/").content.decode()
    assert f"<td>{YEAR}-03-02 ~ {YEAR}-03-06</td>" in page and f"<td>{YEAR}-03-09</td>" in page


def test_kinds_and_a_department_subtree_filter_the_export(client, hr_user, ledger, departments):
    client.force_login(hr_user)
    _, content = export_and_download(client, report="detail", department=str(departments["WTR-S"].pk),
                                     kinds=[COURSE.key])
    rows = xlsx_rows(content)[1:]
    assert sorted((row[0], row[4]) for row in rows) == [("2019001", "이러닝 과정 1"), ("2019002", "이러닝 과정 2")]


def test_a_transfer_keeps_past_hours_with_the_department_of_the_day(client, hr_user, ledger, departments):
    field = ledger["field"]
    record_placement(user=field, department=departments["CSV-OPEN"], rank="주무관", on=dt.date(YEAR, 9, 1))
    complete(field, COURSE, 4, hours="1", on=dt.date(YEAR, 10, 1))
    client.force_login(hr_user)
    _, content = export_and_download(client, report="detail")
    rows = [row for row in xlsx_rows(content)[1:] if row[0] == "2019001"]
    assert sorted((row[3], row[8]) for row in rows) == [("열린민원실", 1), ("현장민원과", 3), ("현장민원과", 5)]


def test_csv_is_utf8_with_a_bom_that_korean_excel_reads(client, hr_user, ledger):
    client.force_login(hr_user)
    export, content = export_and_download(client, report="summary", file_format="csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["직원번호", "성명"] and len(rows) == 6  # 3 people, a blank row and the 기준일 note
    assert rows[4] == [] and rows[5][0].startswith("기준일 ")
    assert export.filename.endswith(".csv")
    assert b"\r\n" in content  # Excel's line ends


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_cells_that_would_run_as_formulas_are_written_as_text(client, hr_user, departments, file_format):
    person = make_person("2019009", departments["HRD"], name="=HYPERLINK(\"http://x\")")
    titles = ['=HYPERLINK("http://evil","클릭")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "정상 과정"]
    for number, title in enumerate(titles):
        complete(person, COURSE, number, title=title, hours="1.5")
    client.force_login(hr_user)
    _, content = export_and_download(client, report="detail", file_format=file_format)
    if file_format == "xlsx":
        rows = xlsx_rows(content)[1:]
    else:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))[1:]
    exported_titles = {row[4] for row in rows}
    assert exported_titles == {"'" + title for title in titles[:-1]} | {"정상 과정"}
    assert {row[1] for row in rows} == {"'=HYPERLINK(\"http://x\")"}
    if file_format == "xlsx":
        assert {row[8] for row in rows} == {1.5}  # numbers stay numbers


def test_neutralise_leaves_numbers_and_plain_text_alone():
    assert neutralise(Decimal("-1.5")) == Decimal("-1.5")
    assert neutralise("민원 응대") == "민원 응대"
    assert neutralise("-") == "'-"


def test_no_email_unless_asked_and_the_asking_is_logged(client, hr_user, ledger):
    ledger["fee"].email = "fee@seoul.go.kr"
    ledger["fee"].save()
    client.force_login(hr_user)
    export, content = export_and_download(client, report="detail")
    assert "이메일" not in xlsx_rows(content)[0] and b"fee@seoul.go.kr" not in content
    assert export.include_email is False

    export, content = export_and_download(client, report="detail", include_email="on")
    rows = xlsx_rows(content)
    assert rows[0][2] == "이메일" and "fee@seoul.go.kr" in {row[2] for row in rows[1:]}
    assert export.include_email is True and "이메일 포함" in export.filters_label


@pytest.mark.parametrize(
    "purpose, message",
    [("", "사용 목적을 입력해 주세요"), ("   ", "사용 목적을 입력해 주세요"), ("평가", "5자 이상"), ("가" * 201, "200자 이내")],
)
def test_the_purpose_is_required_and_explained_in_korean(client, hr_user, ledger, purpose, message):
    client.force_login(hr_user)
    response = export_post(client, purpose=purpose)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DataExport.objects.exists()


def test_a_large_export_runs_in_the_background_with_a_visible_status(client, hr_user, ledger, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.HR_EXPORT_BACKGROUND_ROWS = 3
    client.force_login(hr_user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = export_post(client)
    export = DataExport.objects.get()
    assert export.background and export.status == ExportStatus.PENDING and len(queued) == 1
    page = client.get(response.url)
    assert "대기" in page.content.decode() and page["Refresh"] == "5"
    assert "내려받기</button>" not in page.content.decode()

    queued[0]()  # the worker picks it up (the immediate backend runs it here)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.row_count == 6 and export.attempts == 1
    page = client.get(response.url)
    assert "완료" in page.content.decode() and "Refresh" not in page
    content = downloaded(client.post(f"/admin/hr/exports/{export.token}/download/"))
    assert len(xlsx_rows(content)) == 7
    assert hashlib.sha256(content).hexdigest() == export.sha256


def test_a_person_record_export_holds_that_person_only(client, hr_user, ledger):
    client.force_login(hr_user)
    response = client.post(f"/admin/hr/people/{ledger['fee'].pk}/export/",
                           {"year": str(YEAR), "file_format": "xlsx", "purpose": "본인 이수 확인 요청 회신"})
    export = DataExport.objects.get()
    assert response.url == f"/admin/hr/exports/{export.token}/"
    rows = xlsx_rows(downloaded(client.post(f"/admin/hr/exports/{export.token}/download/")))[1:]
    assert {row[0] for row in rows} == {"2019002"} and len(rows) == 2
    assert export.filters["person"] == {"id": ledger["fee"].pk, "employee_number": "2019002", "name": "나요금"}


def test_a_person_record_export_without_purpose_says_why(client, hr_user, ledger):
    client.force_login(hr_user)
    response = client.post(f"/admin/hr/people/{ledger['fee'].pk}/export/", {"year": str(YEAR), "file_format": "xlsx"},
                           follow=True)
    assert "사용 목적을 입력해 주세요" in response.content.decode()
    assert not DataExport.objects.exists()
