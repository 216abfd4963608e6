"""The audit log of personal-data exports: every export and download on record, failures included;
HR and superusers read it, nobody edits or deletes it."""

import csv
import hashlib
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from lms.hr import services
from lms.hr.models import DataExport, ExportDownload, ExportStatus

from .conftest import YEAR, downloaded, export_post

PURPOSE = "2026년 상시학습 실적 평가 제출"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="1990001", password="pw", name="관리자")


def test_an_export_records_who_when_filters_rows_purpose_and_the_file_hash(client, hr_user, ledger, departments):
    client.force_login(hr_user)
    before = timezone.now()
    export_post(client, department=str(departments["WTR-S"].pk), kinds=["course"], purpose="  남부수도사업소   실적 점검  ")
    export = DataExport.objects.get()
    assert export.requested_by == hr_user and before <= export.requested_at <= timezone.now()
    assert export.filters == {
        "year": YEAR,
        "department": {"id": departments["WTR-S"].pk, "code": "WTR-S", "name": "남부수도사업소"},
        "kinds": ["course"],
        "person": None,
    }
    assert export.row_count == 2 and export.purpose == "남부수도사업소 실적 점검"
    content = export.file.open("rb").read()
    assert export.sha256 == hashlib.sha256(content).hexdigest() and export.file_size == len(content)


def test_each_download_is_recorded(client, hr_user, ledger):
    client.force_login(hr_user)
    export_post(client)
    export = DataExport.objects.get()
    for _ in range(2):
        assert downloaded(client.post(f"/admin/hr/exports/{export.token}/download/"))
    downloads = list(export.downloads.all())
    assert [(download.downloaded_by, download.succeeded) for download in downloads] == [(hr_user, True)] * 2
    page = client.get(f"/admin/hr/exports/{export.token}/").content.decode()
    assert page.count("· 성공") == 2


def test_a_download_is_a_post_never_a_get(client, hr_user, ledger):
    client.force_login(hr_user)
    export_post(client)
    export = DataExport.objects.get()
    assert client.get(f"/admin/hr/exports/{export.token}/download/").status_code == 405
    assert not ExportDownload.objects.exists()


def test_a_failed_download_is_recorded_too(client, hr_user, ledger):
    client.force_login(hr_user)
    export_post(client)
    export = DataExport.objects.get()
    export.file.storage.delete(export.file.name)  # the file is gone from the storage
    response = client.post(f"/admin/hr/exports/{export.token}/download/", follow=True)
    assert "파일을 읽지 못했습니다" in response.content.decode()
    download = ExportDownload.objects.get()
    assert download.downloaded_by == hr_user and not download.succeeded and "저장소 오류" in download.failure_reason


def test_a_failed_generation_is_on_record_and_can_be_retried(client, hr_user, ledger, monkeypatch):
    storage = DataExport._meta.get_field("file").storage
    real_save = type(storage).save

    def broken_save(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(type(storage), "save", broken_save)
    client.force_login(hr_user)
    response = export_post(client)
    export = DataExport.objects.get()
    assert export.status == ExportStatus.FAILED and export.purpose == PURPOSE and not export.file
    assert "저장소 오류" in export.status_message
    page = client.get(response.url).content.decode()
    assert "실패" in page and "다시 시도</button>" in page

    refused = client.post(f"/admin/hr/exports/{export.token}/download/", follow=True)
    assert "실패한 내보내기입니다" in refused.content.decode()
    assert ExportDownload.objects.get().succeeded is False

    monkeypatch.setattr(type(storage), "save", real_save)
    client.post(f"/admin/hr/exports/{export.token}/retry/")
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.attempts == 2 and export.row_count == 6


def test_a_background_export_that_keeps_failing_gives_up_with_a_reason(hr_user, ledger, settings, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    settings.HR_EXPORT_BACKGROUND_ROWS = 1
    storage = DataExport._meta.get_field("file").storage
    monkeypatch.setattr(type(storage), "save", lambda self, *args, **kwargs: (_ for _ in ()).throw(OSError("down")))
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(requested_by=hr_user, report="detail", file_format="xlsx", year=YEAR,
                                         purpose=PURPOSE)
    export.refresh_from_db()
    assert export.background and export.status == ExportStatus.FAILED
    assert "저장소 오류" in export.status_message  # the task's policy gave up and said why


def test_hr_reads_the_log_and_its_downloads(client, hr_user, ledger):
    client.force_login(hr_user)
    export_post(client, purpose="감사 대응 자료 제출")
    export = DataExport.objects.get()
    client.post(f"/admin/hr/exports/{export.token}/download/")
    listing = client.get("/admin/hr/export-log/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "감사 대응 자료 제출" in page and "박인사" in page and "2026년 · 전체 부서" in page
    inspect_url = f"/admin/hr/export-log/inspect/{export.pk}/"
    assert f'href="{inspect_url}"' in page  # a row opens its record: the log is read by clicking, not by typing URLs
    inspect = client.get(inspect_url)
    assert inspect.status_code == 200
    assert export.sha256 in inspect.content.decode() and "· 성공" in inspect.content.decode()


def test_the_log_exports_as_csv_with_a_bom_and_typed_text_kept_as_text(client, hr_user, ledger):
    client.force_login(hr_user)
    export_post(client, purpose="=HYPERLINK(\"http://x\") 제출용")
    response = client.get("/admin/hr/export-log/?export=csv")
    content = downloaded(response)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][5] == "'=HYPERLINK(\"http://x\") 제출용" and rows[0][5] == "사용 목적"


@pytest.mark.parametrize("who", ["hr", "superuser"])
def test_nobody_adds_changes_or_deletes_log_rows_in_the_admin(client, hr_user, superuser, ledger, who):
    client.force_login(hr_user)
    export_post(client)
    export = DataExport.objects.get()
    client.force_login(hr_user if who == "hr" else superuser)
    for url in ["/admin/hr/export-log/new/", f"/admin/hr/export-log/edit/{export.pk}/",
                f"/admin/hr/export-log/delete/{export.pk}/"]:
        # Refused (the URLs exist: a 404 would mean this test looked in the wrong place).
        assert client.get(url).status_code in {302, 403}, url
        assert client.post(url, {"purpose": "바꾼 목적입니다"}).status_code in {302, 403}, url
    export.refresh_from_db()
    assert export.purpose == PURPOSE and DataExport.objects.count() == 1
    listing = client.get("/admin/hr/export-log/").content.decode()
    assert "/admin/hr/export-log/new/" not in listing and f"/admin/hr/export-log/delete/{export.pk}/" not in listing
    assert not {"add_dataexport", "change_dataexport", "delete_dataexport"} & {
        permission.split(".")[1] for permission in hr_user.get_all_permissions()
    }


@pytest.mark.parametrize("role", ["water_manager", "editor", "staff_member"])
def test_only_hr_and_superusers_read_the_log(client, request, ledger, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/hr/export-log/")
    assert response.status_code in {302, 403}
    assert "다민원" not in response.content.decode()


def test_a_download_expires_and_the_file_is_deleted_but_the_record_stays(client, hr_user, ledger, settings):
    client.force_login(hr_user)
    export_post(client)
    export = DataExport.objects.get()
    assert export.expires_at == export.finished_at + timedelta(hours=settings.HR_EXPORT_RETENTION_HOURS)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(f"/admin/hr/exports/{export.token}/download/", follow=True)
    assert "내려받기 기간이 지나" in response.content.decode()
    assert ExportDownload.objects.get().succeeded is False
    assert "내려받기</button>" not in client.get(f"/admin/hr/exports/{export.token}/").content.decode()

    stored_name = export.file.name
    out = io.StringIO()
    call_command("delete_expired_exports", stdout=out)
    assert "1개" in out.getvalue()
    export.refresh_from_db()
    assert not export.file and not export.file.storage.exists(stored_name)
    assert export.sha256 and export.row_count == 6  # the record of what was exported stays


def test_an_export_not_yet_expired_keeps_its_file(client, hr_user, ledger):
    client.force_login(hr_user)
    export_post(client)
    assert services.delete_expired_exports() == 0
    assert DataExport.objects.get().file
