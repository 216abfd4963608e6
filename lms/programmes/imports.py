"""Attendance files and completions from other systems: parse → dry-run plan → apply in one transaction.

Both read the spreadsheets HR has (lms/people/tabular.py: CSV in UTF-8/BOM/CP949, XLSX) and share one
plan shape. Unlike the roster, a file with bad rows still applies its good rows: each bad row is
listed with its number and a Korean reason and written nowhere, so HR fixes those rows and imports
them again. A row already recorded is "unchanged", so importing the same file twice changes nothing.
Apply re-reads and re-plans inside its transaction, so what is written matches the database then.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from lms.home.korean import josa
from lms.people.models import User
from lms.people.tabular import TableError, read_table
from lms.records.models import CompletionSource
from lms.records.selectors import completion_records, evaluation_year_of
from lms.records.bulk import Completion, record_completions

from .apps import IMPORTED_KIND
from lms.uploads import apply_upload_once, delete_abandoned_uploads

from .models import (
    HOLDS_A_PLACE,
    Attendance,
    AttendanceMethod,
    ImportedCompletionRow,
    ImportKind,
    ImportUpload,
    Registration,
    RegistrationStatus,
)
from .services import Attendee, record_attendances

EMPLOYEE_NUMBER = "직원번호"
ATTENDED_ON = ("출석일", "교육일", "일자")
COURSE_TITLE, COURSE_CODE, LEARNING_TYPE, PERIOD, COMPLETED_ON, HOURS = (
    "과정명",
    "과정코드",
    "학습유형",
    "교육기간",
    "이수일",
    "인정시간",
)
STARTED_ON = ("교육시작일", "시작일", "교육시작일자", "학습시작일", "수강시작일")  # optional; spellings seen in exports
PERIOD_SEPARATOR = r"\s*[~∼～]\s*|\s+-\s+"
MAX_HOURS = Decimal("999.99")
LOOKUP_BATCH = 1000
ERRORS_KEPT = 500  # bad rows kept with an applied upload's counts, for the result page


@dataclass(frozen=True)
class RowError:
    row_number: int | None  # None: the file as a whole
    message: str

    def __str__(self):
        return f"{self.row_number}행: {self.message}" if self.row_number else self.message


@dataclass(frozen=True)
class AttendanceRow:
    row_number: int
    employee_number: str
    user_id: int
    attended_on: datetime.date


@dataclass(frozen=True)
class CompletionRow:
    row_number: int
    employee_number: str
    user_id: int
    course_code: str
    course_title: str
    learning_type: str
    period: str
    started_on: datetime.date | None
    completed_on: datetime.date
    hours: Decimal
    values: dict


@dataclass
class ImportPlan:
    errors: list[RowError] = field(default_factory=list)
    to_write: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    @property
    def file_error(self):
        return any(error.row_number is None for error in self.errors)

    @property
    def can_apply(self):
        return not self.file_error and bool(self.to_write)

    @property
    def bad_rows(self):
        return len({error.row_number for error in self.errors if error.row_number})

    def counts(self):
        return {"written": len(self.to_write), "unchanged": len(self.unchanged), "errors": self.bad_rows}

    def summary(self):
        counts = self.counts()
        text = f"기록 {counts['written']}건, 이미 기록되어 변경 없음 {counts['unchanged']}건"
        return text + (f", 오류로 제외 {counts['errors']}건" if counts["errors"] else "")


def parse_day(text):
    """A date as Korean spreadsheets write it: 2026-03-05, 2026.3.5, 2026. 3. 5., 2026/03/05, 20260305."""
    text = text.strip().rstrip(".")
    match = re.fullmatch(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_hours(text):
    """(hours, error message): a non-negative number with at most two decimals, '3시간' too."""
    cleaned = text.strip().removesuffix("시간").strip().replace(",", "")
    try:
        hours = Decimal(cleaned)
    except InvalidOperation:
        return None, f"인정시간이 숫자가 아닙니다: {text or '(빈 칸)'}"
    if not hours.is_finite() or hours < 0 or hours > MAX_HOURS:
        return None, f"인정시간은 0 이상 {MAX_HOURS} 이하여야 합니다: {text}"
    if hours != hours.quantize(Decimal("0.01")):
        return None, f"인정시간은 소수 둘째 자리까지 적을 수 있습니다: {text}"
    return hours, None


def _read(data, filename, missing_columns):
    """The table, or the file-level errors (unreadable, a missing column, no rows)."""
    try:
        table = read_table(data, filename)
    except TableError as error:
        return None, [RowError(None, str(error))]
    missing = missing_columns(table.headers)
    if missing:
        return None, [RowError(None, f"필수 열이 없습니다: {', '.join(missing)}. 첫 줄에 열 이름이 있어야 합니다.")]
    if not table.rows:
        return None, [RowError(None, "열 이름만 있고 내용이 한 줄도 없습니다.")]
    return table, []


def _user_ids(employee_numbers):
    numbers = sorted({number for number in employee_numbers if number})
    ids = {}
    for start in range(0, len(numbers), LOOKUP_BATCH):
        ids.update(User.objects.filter(username__in=numbers[start : start + LOOKUP_BATCH]).values_list("username", "id"))
    return ids


def _employee_number_errors(number, user_ids):
    if not number:
        return ["직원번호가 비어 있습니다."]
    if number not in user_ids:
        return [f"등록되지 않은 직원번호입니다: {number}"]
    return []


# Attendance ---------------------------------------------------------------------------------------


def plan_attendance(data: bytes, filename: str, *, session) -> ImportPlan:
    table, errors = _read(data, filename, lambda headers: [] if EMPLOYEE_NUMBER in headers else [EMPLOYEE_NUMBER])
    if errors:
        return ImportPlan(errors=errors)
    date_column = next((column for column in ATTENDED_ON if column in table.headers), None)
    user_ids = _user_ids(values[EMPLOYEE_NUMBER] for _, values in table.rows)
    statuses = dict(Registration.objects.filter(session=session).values_list("user_id", "status"))
    attended = set(Attendance.objects.filter(session=session).values_list("user_id", flat=True))
    present = len(attended)
    plan = ImportPlan()
    first_row_of = {}
    first, last = session.first_day, session.last_day
    for number, values in table.rows:
        employee_number = values[EMPLOYEE_NUMBER]
        if employee_number and employee_number in first_row_of:
            row_errors = [f"직원번호 {josa(employee_number, '가')} {first_row_of[employee_number]}행과 중복됩니다."]
        else:
            first_row_of.setdefault(employee_number, number)
            row_errors = _employee_number_errors(employee_number, user_ids)
        attended_on = first
        if date_column and values[date_column]:
            attended_on = parse_day(values[date_column])
            if attended_on is None:
                row_errors.append(f"{date_column} 형식이 올바르지 않습니다: {values[date_column]} (예: {first:%Y-%m-%d})")
            elif not first <= attended_on <= last:
                period = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d}~{last:%Y-%m-%d}"
                row_errors.append(f"{josa(f'{date_column} {attended_on:%Y-%m-%d}', '가')} 교육 기간({period}) 밖입니다.")
        if row_errors:
            plan.errors.extend(RowError(number, message) for message in row_errors)
            continue
        user_id = user_ids[employee_number]
        row = AttendanceRow(number, employee_number, user_id, attended_on)
        if user_id in attended:
            plan.unchanged.append(row)
            continue
        status = statuses.get(user_id)
        if session.registration_required and status not in HOLDS_A_PLACE:
            plan.errors.append(RowError(number, _not_registered(employee_number, status)))
            continue
        if present >= session.capacity:
            plan.errors.append(RowError(number, f"정원({session.capacity}명)이 찼습니다: {employee_number}"))
            continue
        present += 1
        plan.to_write.append(row)
    return plan


def _not_registered(employee_number, status):
    if status == RegistrationStatus.WAITLISTED:
        return f"대기자로 신청한 직원입니다(자리가 확정되지 않음): {employee_number}"
    if status == RegistrationStatus.CANCELLED:
        return f"신청을 취소한 직원입니다: {employee_number}"
    return f"이 회차에 신청하지 않은 직원입니다: {employee_number}"


@transaction.atomic
def apply_attendance(data: bytes, filename: str, *, session, upload, recorded_by) -> ImportPlan:
    plan = plan_attendance(data, filename, session=session)
    if not plan.can_apply:
        return plan
    record_attendances(
        session=session,
        attendees=[Attendee(row.user_id, row.attended_on, row.row_number) for row in plan.to_write],
        method=AttendanceMethod.IMPORT,
        recorded_by=recorded_by,
        upload=upload,
    )
    return plan


# Imported completions -----------------------------------------------------------------------------


def completion_columns_missing(headers):
    required = [EMPLOYEE_NUMBER, COURSE_TITLE, COURSE_CODE, HOURS]
    missing = [column for column in required if column not in headers]
    if COMPLETED_ON not in headers and PERIOD not in headers:
        missing.append(f"{COMPLETED_ON} 또는 {PERIOD}")
    return missing


def plan_completions(data: bytes, filename: str) -> ImportPlan:
    table, errors = _read(data, filename, completion_columns_missing)
    if errors:
        return ImportPlan(errors=errors)

    user_ids = _user_ids(values[EMPLOYEE_NUMBER] for _, values in table.rows)
    plan = ImportPlan()
    parsed, first_row_of, today = [], {}, timezone.localdate()
    for number, values in table.rows:
        row, row_errors = _completion_row(number, values, user_ids, today)
        if row is not None:
            key = (row.employee_number, row.course_code, evaluation_year_of(row.completed_on))
            if key in first_row_of:
                row_errors.append(
                    f"{first_row_of[key]}행과 같은 직원·과정코드·연도의 이수 기록입니다(한 해에 한 번만 인정됩니다)."
                )
            else:
                first_row_of[key] = number
        if row_errors:
            plan.errors.extend(RowError(number, message) for message in row_errors)
        else:
            parsed.append(row)

    existing = _existing_imports(parsed)
    for row in parsed:
        record = existing.get((row.user_id, row.course_code, evaluation_year_of(row.completed_on)))
        if record is None:
            plan.to_write.append(row)
        elif record.hours == row.hours and record.completed_on == row.completed_on:
            plan.unchanged.append(row)
        else:
            plan.errors.append(
                RowError(
                    row.row_number,
                    f"이 직원의 {record.evaluation_year}년 {row.course_code} 이수 기록이 이미 다르게 있습니다"
                    f"(이수일 {record.completed_on:%Y-%m-%d}, 인정시간 {record.hours}). 고치려면 기존 기록을 먼저 취소해 주세요.",
                )
            )
    plan.errors.sort(key=lambda error: error.row_number)
    return plan


def _completion_row(number, values, user_ids, today):
    employee_number = values[EMPLOYEE_NUMBER]
    errors = _employee_number_errors(employee_number, user_ids)
    title, code = values[COURSE_TITLE], values[COURSE_CODE]
    for column, value, limit in ((COURSE_TITLE, title, 255), (COURSE_CODE, code, 100)):
        if not value:
            errors.append(f"{josa(column, '가')} 비어 있습니다.")
        elif len(value) > limit:
            errors.append(f"{josa(column, '가')} 너무 깁니다({limit}자 이내).")
    period = values.get(PERIOD, "")
    completed_on, date_error = _completion_day(values.get(COMPLETED_ON, ""), period, today)
    if date_error:
        errors.append(date_error)
    started_on, start_error = _start_day(values, period, completed_on)
    if start_error:
        errors.append(start_error)
    hours, hours_error = parse_hours(values[HOURS])
    if hours_error:
        errors.append(hours_error)
    if errors:
        return None, errors  # a row with any error is written nowhere
    return (
        CompletionRow(
            row_number=number,
            employee_number=employee_number,
            user_id=user_ids[employee_number],
            course_code=code,
            course_title=title,
            learning_type=values.get(LEARNING_TYPE, "")[:50],
            period=period[:100],
            started_on=started_on,
            completed_on=completed_on,
            hours=hours,
            values=values,
        ),
        [],
    )


def _completion_day(completed_on, period, today):
    """이수일, or the last day of 교육기간 (2026-03-02~2026-03-06)."""
    if completed_on:
        column, text = COMPLETED_ON, completed_on
    elif period:
        column, text = PERIOD, re.split(PERIOD_SEPARATOR, period.strip())[-1]
    else:
        return None, f"{COMPLETED_ON}(또는 {PERIOD})이 비어 있습니다."
    day = parse_day(text)
    if day is None:
        return None, f"{column} 형식이 올바르지 않습니다: {completed_on or period} (예: 2026-03-06)"
    if day > today:
        return None, f"{josa(f'{column} {day:%Y-%m-%d}', '가')} 오늘보다 뒤입니다."
    return day, None


def _start_day(values, period, completed_on):
    """(교육시작일 or None, error): the start column when the file has one, else the first day of a
    교육기간 range; never after the completion date."""
    column = next((column for column in STARTED_ON if values.get(column)), None)
    if column:
        started_on = parse_day(values[column])
        if started_on is None:
            return None, f"{column} 형식이 올바르지 않습니다: {values[column]} (예: 2026-03-02)"
    else:
        column, parts = PERIOD, re.split(PERIOD_SEPARATOR, period.strip())
        started_on = parse_day(parts[0]) if len(parts) > 1 else None
    if started_on and completed_on and started_on > completed_on:
        return None, f"{column} {started_on:%Y-%m-%d}이(가) 이수일 {completed_on:%Y-%m-%d}보다 뒤입니다."
    return started_on, None


def _existing_imports(rows):
    existing = {}
    for year in {evaluation_year_of(row.completed_on) for row in rows}:
        user_ids = {row.user_id for row in rows if evaluation_year_of(row.completed_on) == year}
        for record in completion_records(year=year, kinds=[IMPORTED_KIND], user_ids=user_ids):
            existing[(record.user_id, record.item_key, record.evaluation_year)] = record
    return existing


@transaction.atomic
def apply_completions(data: bytes, filename: str, *, upload) -> ImportPlan:
    plan = plan_completions(data, filename)
    if not plan.can_apply:
        return plan
    evidence_rows = ImportedCompletionRow.objects.bulk_create(
        [
            ImportedCompletionRow(
                upload=upload,
                row_number=row.row_number,
                user_id=row.user_id,
                course_code=row.course_code,
                course_title=row.course_title,
                learning_type=row.learning_type,
                period=row.period,
                completed_on=row.completed_on,
                hours=row.hours,
                values=row.values,
            )
            for row in plan.to_write
        ]
    )
    users = User.objects.select_related("profile__department").in_bulk([row.user_id for row in plan.to_write])
    record_completions(
        [
            Completion(
                user=users[evidence.user_id],
                kind=IMPORTED_KIND,
                key=evidence.course_code,
                title=evidence.course_title,
                started_on=row.started_on,
                completed_on=evidence.completed_on,
                hours=evidence.hours,
                source=CompletionSource.IMPORTED,
                evidence={"model": "programmes.importedcompletionrow", "pk": evidence.pk},
            )
            for row, evidence in zip(plan.to_write, evidence_rows, strict=True)
        ]
    )
    return plan


# Stored uploads (lms/uploads.py) ------------------------------------------------------------------


class ImportRefused(Exception):
    """Nothing in the file can be written (it cannot be read, or no row is new and valid)."""

    def __init__(self, plan):
        self.plan = plan
        message = "파일을 읽을 수 없어 적용하지 않았습니다." if plan.file_error else "새로 기록할 행이 없어 적용하지 않았습니다."
        super().__init__(message)


def store_import_upload(*, file, kind, user, session=None) -> ImportUpload:
    """Keep an uploaded file for preview/apply; forget abandoned previews too."""
    delete_abandoned_uploads(ImportUpload)
    return ImportUpload.objects.create(file=file, original_name=file.name, kind=kind, session=session, uploaded_by=user)


def preview_import_upload(upload) -> ImportPlan:
    if upload.kind == ImportKind.ATTENDANCE:
        return plan_attendance(upload.read(), upload.original_name, session=upload.session)
    return plan_completions(upload.read(), upload.original_name)


def apply_import_upload(upload) -> ImportPlan:
    """Write the file's good rows once (UploadAlreadyApplied the second time); ImportRefused when
    there is nothing to write, with nothing written."""

    def apply(locked):
        if locked.kind == ImportKind.ATTENDANCE:
            plan = apply_attendance(
                locked.read(), locked.original_name, session=locked.session, upload=locked, recorded_by=locked.uploaded_by
            )
        else:
            plan = apply_completions(locked.read(), locked.original_name, upload=locked)
        if not plan.can_apply:
            raise ImportRefused(plan)
        return plan, {**plan.counts(), "errors_list": [str(error) for error in plan.errors[:ERRORS_KEPT]]}

    return apply_upload_once(upload, apply)
