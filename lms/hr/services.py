"""Writes of HR's console: request an export, make its file, record each download, expire old files.

An export is recorded (`DataExport`) before anything is read, so a failure is on record. Exports that
read more completion records than settings.HR_EXPORT_BACKGROUND_ROWS are made by a background task
(lms/jobs retry policy) and the requester watches its status; smaller ones are made in the request.
Files go to the private storage and may be downloaded until settings.HR_EXPORT_RETENTION_HOURS after
they were made; `delete_expired_exports` then deletes the file and keeps the audit row with its hash.
"""

import datetime
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from lms.jobs.policy import TransientError
from lms.jobs.services import scratch_dir
from lms.people.selectors import departments_visible_to, staff_visible_to
from lms.records.models import CompletionSource

from . import selectors
from .export_kinds import export_kind
from .models import DataExport, ExportDownload, ExportFormat, ExportReport, ExportStatus
from .spreadsheets import sha256_of, write_table

logger = logging.getLogger(__name__)

PURPOSE_MIN_LENGTH = 5
PURPOSE_REQUIRED = "사용 목적을 입력해 주세요. 개인정보 내보내기 기록에 남습니다."
PURPOSE_TOO_SHORT = f"사용 목적을 {PURPOSE_MIN_LENGTH}자 이상 구체적으로 적어 주세요(예: 2026년 상시학습 실적 평가 제출)."
PURPOSE_TOO_LONG = "사용 목적은 200자 이내로 적어 주세요."
STORAGE_FAILED = "파일을 저장하지 못했습니다(저장소 오류). 잠시 후 다시 시도합니다."


class ExportUnavailable(Exception):
    """The file cannot be handed out (not ready, expired, missing); the message is Korean."""


def clean_purpose(purpose):
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ValidationError(PURPOSE_REQUIRED, code="required")
    if len(purpose) < PURPOSE_MIN_LENGTH:
        raise ValidationError(PURPOSE_TOO_SHORT, code="too_short")
    if len(purpose) > 200:
        raise ValidationError(PURPOSE_TOO_LONG, code="too_long")
    return purpose


def request_export(*, requested_by, report, file_format, year, purpose, department=None, kind_keys=(),
                   person=None, include_email=False, reference_date=None) -> DataExport:
    """Record the export and make its file now, or queue it when it is large. `reference_date` is the
    달성현황's 기준일 (selectors.default_reference_date when not given); other reports have none.

    The scope is checked here, not only in the form: a department outside a manager's subtree, or a
    person they may not see, is refused with PermissionDenied.
    """
    if report not in ExportReport.values or file_format not in ExportFormat.values:
        raise ValidationError("알 수 없는 내보내기 종류입니다.")
    purpose = clean_purpose(purpose)
    department = selectors.narrowed_department(requested_by, department)
    if person is not None and not staff_visible_to(requested_by).filter(user=person).exists():
        raise PermissionDenied(selectors.OUT_OF_SCOPE)
    kinds = [kind.key for kind in selectors.chosen_kinds(list(kind_keys))] if kind_keys else []
    filters = {
        "year": int(year),
        "department": {"id": department.pk, "code": department.code, "name": department.name} if department else None,
        "kinds": kinds,
        "person": {"id": person.pk, "employee_number": person.username, "name": person.name} if person else None,
    }
    if report == ExportReport.SUMMARY:
        filters["reference_date"] = (reference_date or selectors.default_reference_date(int(year))).isoformat()
    export = DataExport.objects.create(
        requested_by=requested_by, report=report, file_format=file_format, filters=filters,
        include_email=include_email, purpose=purpose,
    )
    if _records_of(export).count() > settings.HR_EXPORT_BACKGROUND_ROWS:
        DataExport.objects.filter(pk=export.pk).update(background=True)
        export.background = True
        _enqueue(export)
    else:
        make_export_now(export)
    export.refresh_from_db()
    return export


def request_registered_export(*, requested_by, kind_key, file_format, purpose, filters) -> DataExport:
    """Record and make an export of a kind another app registered (export_kinds); made in the request,
    since these are department-level tables. `filters` are stored as given, for the audit log."""
    kind = export_kind(kind_key)
    if kind is None or file_format not in kind.formats:
        raise ValidationError("알 수 없는 내보내기 종류입니다.")
    export = DataExport.objects.create(
        requested_by=requested_by, report=kind_key, file_format=file_format, filters=filters,
        purpose=clean_purpose(purpose),
    )
    make_export_now(export)
    export.refresh_from_db()
    return export


def _enqueue(export):
    from .tasks import make_export

    transaction.on_commit(lambda: make_export.enqueue(export.pk))


def make_export_now(export):
    """Make the file in this process; a storage failure leaves the export 실패, to be retried."""
    try:
        make_export_file(export.pk)
    except TransientError as error:
        mark_failed(export.pk, str(error))


def make_export_file(export_id):
    """The task's work: read the records, write the file, store it with its hash and row count.

    A storage failure raises TransientError (the task's policy retries it); anything else marks the
    export 실패 with a Korean message at once, since running it again would give the same answer.
    """
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export_id)
        if export.status == ExportStatus.DONE:
            return export
        export.status = ExportStatus.RUNNING
        export.attempts += 1
        export.status_message = ""
        export.save(update_fields=["status", "attempts", "status_message"])
    try:
        with tempfile.TemporaryDirectory(dir=scratch_dir()) as workdir:
            path = Path(workdir) / f"export.{export.file_format}"
            row_count = _write(export, path)
            digest = sha256_of(path)
            with open(path, "rb") as handle:
                stored_name = export.file.storage.save(f"exports/{export.token}.{export.file_format}", File(handle))
            size = path.stat().st_size
    except OSError as error:
        logger.warning("내보내기 %s 파일 저장 실패: %s", export.pk, error)
        raise TransientError(STORAGE_FAILED) from error
    except PermissionDenied as refused:
        mark_failed(export.pk, f"{refused} 요청한 뒤 담당 범위가 바뀌었습니다.")
        return DataExport.objects.get(pk=export.pk)
    except Exception:
        logger.exception("내보내기 %s 실패", export.pk)
        mark_failed(export.pk, "내보내기 파일을 만들지 못했습니다. 관리자에게 문의해 주세요.")
        return DataExport.objects.get(pk=export.pk)
    finished = timezone.now()
    DataExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE, file=stored_name, file_size=size, sha256=digest, row_count=row_count,
        finished_at=finished, expires_at=finished + timedelta(hours=settings.HR_EXPORT_RETENTION_HOURS),
        status_message="",
    )
    return DataExport.objects.get(pk=export.pk)


def _department_of(export):
    if not export.filters.get("department"):
        return None
    # Looked up within the requester's scope again: a scope narrowed since the request holds.
    department = departments_visible_to(export.requested_by).filter(pk=export.filters["department"]["id"]).first()
    if department is None:
        raise PermissionDenied(selectors.OUT_OF_SCOPE)
    return department


def _records_of(export, department=None):
    filters = export.filters
    person = filters.get("person")
    return selectors.export_records(
        year=filters["year"], department=department or _department_of(export), kind_keys=filters.get("kinds") or (),
        user_ids=[person["id"]] if person else None,
    )


def _write(export, path):
    registered = export_kind(export.report)
    if registered is not None:
        return registered.write(export, path)
    sheet_title, header, rows, notes = _own_table(export)
    return write_table(path, export.file_format, sheet_title=sheet_title, header=header, rows=rows, notes=notes)


def _own_table(export):
    """(sheet title, header, rows, notes under the table) of HR's own reports."""
    email = export.include_email
    department = _department_of(export)
    records = _records_of(export, department)
    notes = []
    if export.report == ExportReport.SUMMARY:
        kinds = selectors.chosen_kinds(export.filters.get("kinds") or ())
        on = datetime.date.fromisoformat(export.filters["reference_date"])
        # A manager's export always names their subtree or a department in it (request_export), so
        # `department` is None only for HR's whole-organisation export.
        members = selectors.summary_members(department=department, on=on)
        header = selectors.summary_header(kinds, include_email=email)
        rows = selectors.summary_rows(members, records, kinds, include_email=email)
        notes = selectors.summary_notes(members, records, on=on)
    else:
        header = selectors.detail_header(include_email=email)
        rows = selectors.detail_rows(records, include_email=email, source_labels=dict(CompletionSource.choices))
    return export.get_report_display(), header, rows, notes


def mark_retrying(export_id, message, attempt, run_after):
    when = timezone.localtime(run_after)
    DataExport.objects.filter(pk=export_id).update(
        status=ExportStatus.PENDING, status_message=f"{message} {when:%H:%M}에 다시 시도합니다({attempt}번째)."
    )


def mark_failed(export_id, message):
    DataExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, status_message=message[:500])


def retry_export(export, *, user) -> DataExport:
    """The requester tries a failed export again."""
    if export.requested_by_id != user.pk:
        raise PermissionDenied
    if export.status != ExportStatus.FAILED:
        raise ValidationError("실패한 내보내기만 다시 시도할 수 있습니다.")
    DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.PENDING, status_message="")
    if export.background:
        _enqueue(export)
    else:
        make_export_now(export)
    export.refresh_from_db()
    return export


def record_download(export, *, user):
    """Log the attempt, then hand back the open file; a refused or failed attempt is logged too."""
    if export.requested_by_id != user.pk:
        raise PermissionDenied
    reason = ""
    if export.status != ExportStatus.DONE:
        reason = "아직 파일이 준비되지 않았습니다." if export.status != ExportStatus.FAILED else "실패한 내보내기입니다."
    elif export.is_expired or not export.file:
        reason = "내려받기 기간이 지나 파일을 지웠습니다. 다시 내보내 주세요."
    if not reason:
        try:
            handle = export.file.open("rb")
        except OSError:
            logger.exception("내보내기 %s 파일을 열지 못했습니다", export.pk)
            reason = "파일을 읽지 못했습니다(저장소 오류). 잠시 후 다시 시도하거나 다시 내보내 주세요."
    ExportDownload.objects.create(export=export, downloaded_by=user, succeeded=not reason, failure_reason=reason)
    if reason:
        raise ExportUnavailable(reason)
    return handle


def delete_expired_exports(*, now=None) -> int:
    """Delete the files of exports past their download period; the audit rows stay. Returns how many."""
    now = now or timezone.now()
    deleted = 0
    for export in DataExport.objects.filter(expires_at__lte=now).exclude(file=""):
        export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(file="")
        deleted += 1
    return deleted
