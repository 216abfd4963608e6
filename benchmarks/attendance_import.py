"""Attendance import of 2,200 rows (a 신규 공무원 과정's year, the plan's largest): preview and apply times.

A child process with test settings builds a throwaway database (PostgreSQL as in production, and
SQLite, the embedded default) holding 2,200 staff who applied for one session, writes the attendance
file as HR sends it (XLSX, and CSV in CP949), and times through the same functions the admin calls:
the dry-run preview (read the file, check every row), the apply (one transaction: 2,200 attendances,
their applications confirmed, 2,200 completion records), and the same file imported again (every row
unchanged). The same for a 2,200-row completions file from the 인재개발원 LMS.

`python -m benchmarks.run attendance_import` (rewrites its section of docs/benchmarks.md).
"""

import datetime
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "Attendance import (2,200 rows)"
ROOT = Path(__file__).resolve().parent.parent
MARKER = "----- attendance import -----"
ROWS = 2200
ROUNDS = 3


def _timed(function, rounds=1):
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _build(rows):
    from django.utils import timezone

    from lms.people.models import User
    from lms.people.roster import ParsedRoster, RosterRow, apply_parsed_roster
    from lms.people.services import DEFAULT_DEPARTMENTS_CSV, load_departments, read_departments_file
    from lms.programmes.models import Programme, ProgrammeKind, Registration, Session

    load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))
    roster = [
        RosterRow(number + 2, str(3000000 + number), "신규직원", "HRI", "9급 주무관", "") for number in range(rows)
    ]
    day = timezone.localdate() - datetime.timedelta(days=3)
    apply_parsed_roster(
        ParsedRoster(rows=roster, employee_numbers={row.employee_number for row in roster}),
        full_import=False,
        reference_date=day - datetime.timedelta(days=30),  # on the roster when they attended
    )
    hr = User.objects.create_user(username="bench-hr", name="박인사")
    kst = datetime.timezone(datetime.timedelta(hours=9))
    programme = Programme.objects.create(title="새내기 공무원 민원응대 역량강화", kind=ProgrammeKind.objects.get(name="신규·재직 민원응대역량 과정"))
    session = Session.objects.create(
        programme=programme, label="1기", place="인재개발원 대강당", capacity=rows, hours=7,
        starts_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=kst),
        ends_at=datetime.datetime.combine(day, datetime.time(18), tzinfo=kst),
    )
    user_ids = list(User.objects.filter(username__startswith="3").values_list("pk", flat=True))
    Registration.objects.bulk_create(Registration(session=session, user_id=pk, status="confirmed") for pk in user_ids)
    return hr, session, [row.employee_number for row in roster], day


def _files(header, rows):
    import csv

    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return {"XLSX": (xlsx.getvalue(), "출석.xlsx"), "CSV(CP949)": (text.getvalue().encode("cp949"), "출석.csv")}


def measure():
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _measure_in_database()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _measure_in_database():
    from django.db import transaction

    from lms.programmes.imports import apply_attendance, apply_completions, plan_attendance, plan_completions
    from lms.programmes.models import ImportUpload
    from lms.records.models import CompletionRecord

    hr, session, numbers, day = _build(ROWS)
    attendance = _files(["직원번호", "성명", "출석일"], [[number, "신규직원", f"{day:%Y-%m-%d}"] for number in numbers])
    completions = _files(
        ["직원번호", "과정명", "과정코드", "학습유형", "이수일", "인정시간"],
        [[number, "공직자 서비스 마인드", "HRD-E-2101", "이러닝", f"{day:%Y-%m-%d}", "3"] for number in numbers],
    )
    results = []
    for label, (data, name) in attendance.items():
        preview, plan = _timed(lambda: plan_attendance(data, name, session=session), ROUNDS)
        assert len(plan.to_write) == ROWS and not plan.errors
        with transaction.atomic():
            apply, _ = _timed(lambda: apply_attendance(data, name, session=session, upload=None, recorded_by=hr))
            again, replan = _timed(lambda: apply_attendance(data, name, session=session, upload=None, recorded_by=hr))
            assert len(replan.unchanged) == ROWS and CompletionRecord.objects.count() == ROWS
            transaction.set_rollback(True)  # the next file starts from the same database
        results.append(("출석", label, preview, apply, again))
    for label, (data, name) in completions.items():
        upload = ImportUpload.objects.create(kind="completions", original_name=name, uploaded_by=hr)
        preview, plan = _timed(lambda: plan_completions(data, name), ROUNDS)
        assert len(plan.to_write) == ROWS and not plan.errors
        with transaction.atomic():
            apply, _ = _timed(lambda: apply_completions(data, name, upload=upload))
            again, replan = _timed(lambda: apply_completions(data, name, upload=upload))
            assert len(replan.unchanged) == ROWS
            transaction.set_rollback(True)
        results.append(("외부 이수 기록", label, preview, apply, again))
    return {"vendor": transaction.get_connection().vendor, "rows": results}


def report(measured):
    lines = [
        f"`python -m benchmarks.run attendance_import` — {ROWS:,}행 파일(모두 올바른 행), 신청·확정된 {ROWS:,}명. "
        f"미리 보기는 {ROUNDS}회 중앙값, 적용은 한 트랜잭션(출석 {ROWS:,}건 + 신청 확정 + 이수 기록 {ROWS:,}건), "
        "다시 가져오기는 같은 파일을 한 번 더 적용(모두 '변경 없음', 아무것도 쓰지 않음). 관리 화면이 부르는 함수 그대로입니다. "
        "측정하는 동안 다른 작업이 같은 2코어를 나눠 썼습니다(부하 평균은 위 측정 환경).",
        "",
        "| 데이터베이스 | 파일 | 형식 | 미리 보기 | 적용 | 다시 가져오기 |",
        "|---|---|---|---:|---:|---:|",
    ]
    for vendor, result in measured:
        for kind, label, preview, apply, again in result["rows"]:
            lines.append(f"| {vendor} | {kind} | {label} | {preview:.2f} s | {apply:.2f} s | {again:.2f} s |")
    lines.append("")
    return "\n".join(lines)


DATABASES = [
    ("PostgreSQL", lambda scratch: os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lms_attendance_bench")),
    ("SQLite", lambda scratch: f"sqlite:///{scratch}/attendance.sqlite3"),
]


def run():
    measured = []
    with tempfile.TemporaryDirectory() as scratch:
        for vendor, url in DATABASES:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": url(scratch)}
            child = subprocess.run(
                [sys.executable, "-m", "benchmarks.attendance_import", "--measure"],
                cwd=ROOT, env=env, capture_output=True, text=True, check=False,
            )
            if child.returncode != 0 or MARKER not in child.stdout:
                raise RuntimeError(f"출석 가져오기 측정에 실패했습니다({vendor}):\n{child.stderr[-3000:]}")
            measured.append((vendor, json.loads(child.stdout.split(MARKER, 1)[1])))
    return report(measured)


if __name__ == "__main__":
    if "--measure" in sys.argv:
        import django

        django.setup()
        result = measure()
        print(MARKER)
        print(json.dumps(result))
    else:
        from benchmarks.run import main

        main(["attendance_import"])
