"""HR export of a full year: wall time and peak memory at 1× and 4× the rows.

A fresh PostgreSQL database (BENCH_EXPORT_DATABASE_URL, default `lms_bench_export`, dropped and made
again) gets the shared department tree, 6,350 staff and ~40 completion records each for the year
(254,000 rows: 1×), then ~160 each (1,016,000 rows: 4×). Each export runs in a child process of its
own through the code HR's request or the background task runs (`lms.hr.services.make_export_file`):
the full-year detail sheet as XLSX (openpyxl write-only) and CSV (UTF-8 with BOM), and the per-person
summary as XLSX. The detail XLSX is also made with openpyxl's pure-Python XML writer (OPENPYXL_LXML=False)
when lxml is installed, so the report gives the lxml speed-up. Each child reports its wall time, its resident memory before the export (Django
loaded) and the peak during the export (VmHWM, reset just before it), so the export's own growth is peak − before. Memory must stay flat
from 1× to 4×; the time grows with the rows.

Run through `python -m benchmarks.run export` (rewrites that section of docs/benchmarks.md).
BENCH_EXPORT_SCALES=1 measures 1× only (the 4× build and exports take over half an hour on a loaded machine).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "HR export of a full year (XLSX and CSV)"
ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_EXPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms_bench_export")
STAFF = 6350
PER_PERSON = 40
YEAR = 2026
KINDS = [("course", "이러닝 과정", "online"), ("offline_session", "집합교육", "offline"), ("imported", "외부 이수", "imported")]
EXPORTS = [("detail", "xlsx"), ("detail", "csv"), ("summary", "xlsx")]
SCALES = [int(scale) for scale in os.environ.get("BENCH_EXPORT_SCALES", "1,4").split(",")]
WITHOUT_LXML = ("detail", "xlsx", "no-lxml")


def lxml_installed():
    try:
        import lxml  # noqa: F401
    except ImportError:
        return False
    return True


def _environment(private_root):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": DATABASE_URL,
            "PRIVATE_MEDIA_ROOT": str(private_root), "PYTHONPATH": str(ROOT)}


def _setup_django():
    import django

    django.setup()
    from lms.records import registry

    known = {kind.key for kind in registry.learnable_kinds()}
    for key, label, source in KINDS:  # the apps register them; a bare benchmark process may not have yet
        if key not in known:
            registry.register_learnable_kind(registry.LearnableKind(key=key, label=label, source=source))


def _fresh_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _build_staff():
    from django.core.management import call_command
    from django.db import connection

    from lms.people.services import DEFAULT_DEPARTMENTS_CSV, load_departments, read_departments_file

    call_command("migrate", verbosity=0)
    load_departments(read_departments_file(DEFAULT_DEPARTMENTS_CSV))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined, name)"
            " SELECT '!', false, 'B' || lpad(n::text, 5, '0'), '', '', 'b' || n || '@seoul.go.kr', false, true, now(),"
            " '직원' || n FROM generate_series(1, %s) AS n",
            [STAFF],
        )
        cursor.execute(
            "INSERT INTO people_staffprofile (user_id, department_id, rank)"
            " SELECT u.id, d.ids[1 + u.id % array_length(d.ids, 1)], '주무관'"
            " FROM people_user u, (SELECT array_agg(id ORDER BY path) AS ids FROM people_department) d"
            " WHERE u.username LIKE 'B%'"
        )


def _add_completions(first, last):
    """Completions number `first`..`last` of every member of staff, spread over the year."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            # Every third record (the imported ones) has a start date two days before its completion (교육기간).
            "INSERT INTO records_completionrecord (user_id, item_kind, item_key, item_title, item_group, category,"
            " started_on, completed_on, evaluation_year, hours, department_id, rank, source, evidence, created_at)"
            " SELECT user_id, kind, key, title, '', '', CASE WHEN kind = 'imported' THEN completed_on - 2 END,"
            " completed_on, %s, hours, department_id, rank, source, '{}'::jsonb, now() FROM ("
            " SELECT p.user_id, (ARRAY['course','offline_session','imported'])[1 + n %% 3] AS kind, n::text AS key,"
            " '민원응대 과정 ' || (n %% 200) AS title, make_date(%s, 1, 1) + ((n * 7 + p.user_id) %% 365)::int AS completed_on,"
            " (1 + n %% 8)::numeric / 2 AS hours, p.department_id, p.rank,"
            " (ARRAY['online','offline','imported'])[1 + n %% 3] AS source"
            " FROM people_staffprofile p, generate_series(%s, %s) AS n) AS generated",
            [YEAR, YEAR, first, last],
        )
        cursor.execute("ANALYZE records_completionrecord")
        cursor.execute("SELECT count(*) FROM records_completionrecord WHERE evaluation_year = %s", [YEAR])
        return cursor.fetchone()[0]


def _new_export(report, file_format):
    from lms.hr.models import DataExport
    from lms.people.models import User

    hr, _ = User.objects.get_or_create(username="HR0001", defaults={"name": "벤치인사", "is_superuser": True})
    return DataExport.objects.create(
        requested_by=hr, report=report, file_format=file_format, purpose="벤치마크 측정용 내보내기",
        filters={"year": YEAR, "department": None, "kinds": [], "person": None},
    ).pk


def _status_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def _reset_peak():
    """Start the peak (VmHWM) afresh, so it measures the export and not Django's start-up."""
    Path("/proc/self/clear_refs").write_text("5")


def measure_one(export_id):
    """In the child: make one export, print what it cost."""
    _setup_django()
    from lms.hr.models import DataExport
    from lms.hr.services import make_export_file

    DataExport.objects.get(pk=export_id)  # connect and warm up before the baseline
    _reset_peak()
    before = _status_kb("VmRSS")
    started = time.perf_counter()
    export = make_export_file(export_id)
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    print(json.dumps({"seconds": seconds, "before_kb": before, "peak_kb": peak, "rows": export.row_count,
                      "bytes": export.file_size, "status": export.status}))


def _run_child(export_id, private_root, *, lxml=True):
    environment = {**_environment(private_root), "OPENPYXL_LXML": str(lxml)}
    output = subprocess.run([sys.executable, "-m", "benchmarks.export", "--measure", str(export_id)], cwd=ROOT,
                            env=environment, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def measure():
    with tempfile.TemporaryDirectory() as private_root:
        os.environ.update(_environment(private_root))
        _fresh_database()
        _setup_django()
        _build_staff()
        results = {}
        records = {}
        runs = [(report, file_format, True) for report, file_format in EXPORTS]
        if lxml_installed():
            runs.append(("detail", "xlsx", False))
        done = 0
        for scale in SCALES:
            records[scale] = _add_completions(done * PER_PERSON + 1, scale * PER_PERSON)
            done = scale
            for report, file_format, lxml in runs:
                result = _run_child(_new_export(report, file_format), private_root, lxml=lxml)
                if result["status"] != "done":
                    raise RuntimeError(f"{report}/{file_format} at {scale}×: {result}")
                results[(scale, report, file_format) if lxml else (scale, *WITHOUT_LXML)] = result
                print(f"{scale}× {report} {file_format} lxml={lxml}: {result}", flush=True)
        from django.db import connections

        connections.close_all()
    return {"records": records, "results": results, "lxml": lxml_installed()}


LOAD_NOTE = "이 기계는 여러 작업이 함께 쓰므로(2코어) 시간은 그때의 부하를 따릅니다."

LABELS = {("detail", "xlsx"): "이수 상세 XLSX", ("detail", "csv"): "이수 상세 CSV", ("summary", "xlsx"): "달성현황 XLSX",
          WITHOUT_LXML: "이수 상세 XLSX(lxml 없이)"}


def report(measured):
    results, records = measured["results"], measured["records"]
    scales = sorted(records)
    keys = [*EXPORTS, *([WITHOUT_LXML] if (scales[0], *WITHOUT_LXML) in results else [])]
    counts = " · ".join(f"{scale}× {records[scale]:,}건" for scale in scales)
    lines = [
        f"`python -m benchmarks.run export` — PostgreSQL, 직원 {STAFF:,}명, {YEAR}년 이수 기록 {counts}. "
        "내보내기마다 새 프로세스에서 `lms.hr.services.make_export_file`(요청·백그라운드 작업이 "
        "부르는 것)을 실행해 걸린 시간과 메모리(RSS: 시작 전, 최대, 증가분)를 잽니다. 기계가 다른 작업과 함께 "
        "쓰이므로 절대값보다 한 번의 실행 안에서의 비율을 보십시오."
        + ("" if 4 in scales else " 이번 실행은 `BENCH_EXPORT_SCALES=1`로 1×만 쟀습니다."),
        "",
        "| 내보내기 | 배수 | 행 수 | 파일 크기 | 걸린 시간 | RSS 시작 전 | RSS 최대 | 증가분 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in keys:
        for scale in scales:
            result = results[(scale, *key)]
            growth = (result["peak_kb"] - result["before_kb"]) / 1024
            lines.append(
                f"| {LABELS[key]} | {scale}× | {result['rows']:,} | {result['bytes'] / 1024**2:,.1f} MB | "
                f"{result['seconds']:.1f} s | {result['before_kb'] / 1024:.0f} MB | {result['peak_kb'] / 1024:.0f} MB | "
                f"{growth:+.0f} MB |"
            )
    if 1 in scales and 4 in scales:
        lines += ["", "| 내보내기 | 시간 4×/1× | 증가분 4× − 1× |", "|---|---|---|"]
        for key in keys:
            small, large = results[(1, *key)], results[(4, *key)]
            growth_difference = ((large["peak_kb"] - large["before_kb"]) - (small["peak_kb"] - small["before_kb"])) / 1024
            lines.append(f"| {LABELS[key]} | {large['seconds'] / small['seconds']:.2f} | {growth_difference:+.1f} MB |")
    if WITHOUT_LXML in keys:
        lines += ["", "| 배수 | 이수 상세 XLSX lxml 없이 | lxml로 | 빨라진 배율 |", "|---|---|---|---|"]
        for scale in scales:
            plain, fast = results[(scale, *WITHOUT_LXML)]["seconds"], results[(scale, "detail", "xlsx")]["seconds"]
            lines.append(f"| {scale}× | {plain:.1f} s | {fast:.1f} s | {plain / fast:.2f}배 |")
    lxml_note = (
        "lxml이 설치되어 있으면 openpyxl write-only가 lxml의 XML 작성기를 씁니다(`OPENPYXL_LXML=False`면 순수 파이썬 작성기). "
        if measured.get("lxml") else
        "lxml이 설치되지 않아 openpyxl이 순수 파이썬 XML 작성기를 썼습니다(XLSX가 CSV보다 훨씬 느린 까닭). "
    )
    lines += [
        "",
        "행은 2,000건씩 읽어(`QuerySet.iterator`) 바로 파일에 씁니다(XLSX는 openpyxl write-only, CSV는 csv 모듈). "
        "그래서 최대 메모리는 행 수와 함께 늘지 않아야 합니다. 달성현황은 사람·당시소속별 합계를 데이터베이스가 "
        "계산하므로 행 수는 직원 수 정도로 같습니다. " + lxml_note + LOAD_NOTE,
    ]
    return "\n".join(lines)


def run():
    return report(measure())


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure_one(int(sys.argv[2]))
    else:
        from benchmarks.run import main

        main(["export"])
