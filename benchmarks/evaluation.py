"""Department completion rates and bonus points at the city's scale, on PostgreSQL.

A child process creates a throwaway test database and builds: about 200 departments (실국 with their 과,
사업소 with theirs, a share flagged 고강도 민원접점), 6,350 staff with a year of dated memberships (one in
ten transferred mid-year), and about 1 M completion records of five kinds through the year (made with
INSERT … SELECT, which takes seconds instead of the minutes the ORM would). It then times, in one run:

- the whole-tree rollup with both splits for one 기준일 (`selectors.department_rates`), both attributions;
- the same rates by a per-user loop (one query per person, the way a naive report does), for the ratio;
- the full content × department matrix (completers of every item per department);
- the year's bonus calculation for every department under a five-item rule set (`department_scores`);
- the query plans of the rollup's aggregate: which indexes PostgreSQL uses.

Run through `python -m benchmarks.run evaluation`, or alone with `python -m benchmarks.evaluation`.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

TITLE = "Department completion rates and bonus points (6,350 staff, 1 M records)"
ROOT = Path(__file__).resolve().parent.parent
MARKER = "----- evaluation benchmark -----"
STAFF = int(os.environ.get("BENCH_EVALUATION_STAFF", "6350"))
YEAR, REFERENCE_DATE = 2026, date(2026, 12, 1)
ITEMS = {"course": 10, "knowledge_trip_episode": 60, "webtoon_episode": 16, "campaign": 8, "offline_session": 80}
COMPLETION_SHARE = 0.94  # of the person × item pairs; 6,350 × 174 × 0.94 ≈ 1.04 M records
ROUNDS = 7


def _build():
    from django.db import connection

    from lms.people.models import Department, User

    root = Department.add_root(code="SEOUL", name="서울특별시", kind="기관")
    units = []
    for bureau_number in range(20):
        bureau = root.add_child(code=f"B{bureau_number:02d}", name=f"실국{bureau_number}", kind="실국")
        units += [bureau.add_child(code=f"B{bureau_number:02d}-{n}", name=f"과{bureau_number}-{n}", kind="부서") for n in range(6)]
    for office_number in range(10):
        office = root.add_child(
            code=f"F{office_number:02d}", name=f"사업소{office_number}", kind="사업소", high_intensity=office_number < 4
        )
        units += [office.add_child(code=f"F{office_number:02d}-{n}", name=f"과F{office_number}-{n}", kind="부서") for n in range(6)]
    User.objects.bulk_create(
        [User(username=f"B{number:06d}", name=f"직원{number}", password="!") for number in range(STAFF)], batch_size=2000
    )
    unit_ids = [unit.pk for unit in units]
    with connection.cursor() as cursor:
        # One membership per person since a past date; one in ten moved on 07-01 to the next unit.
        cursor.execute(
            """
            INSERT INTO people_membership (user_id, department_id, rank, valid_from, valid_until)
            SELECT u.id, (%(units)s)[1 + (u.rn %% %(n)s)], '7급', DATE '2015-01-01',
                   CASE WHEN u.rn %% 10 = 0 THEN DATE '2026-07-01' END
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM people_user) u;
            INSERT INTO people_membership (user_id, department_id, rank, valid_from, valid_until)
            SELECT u.id, (%(units)s)[1 + ((u.rn + 1) %% %(n)s)], '7급', DATE '2026-07-01', NULL
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM people_user) u WHERE u.rn %% 10 = 0;
            """,
            {"units": unit_ids, "n": len(unit_ids)},
        )
        for kind, count in ITEMS.items():
            source = "offline" if kind == "offline_session" else "online"
            cursor.execute(
                """
                INSERT INTO records_completionrecord
                    (user_id, item_kind, item_key, item_title, item_group, completed_on, evaluation_year, hours,
                     department_id, rank, source, evidence, created_at, category)
                SELECT m.user_id, %(kind)s, item::text, %(kind)s || ' ' || item, '',
                       DATE '2026-01-01' + ((m.user_id * 7 + item * 13) %% 330)::int, 2026, 1,
                       m.department_id, '7급', %(source)s, '{}'::jsonb, now(),
                       CASE WHEN %(source)s = 'offline' THEN 'programme_kind:' || (1 + item %% 3) ELSE '' END
                FROM people_membership m CROSS JOIN generate_series(1, %(count)s) AS item
                WHERE m.valid_until IS NULL AND random() < %(share)s
                """,
                {"kind": kind, "count": count, "source": source, "share": COMPLETION_SHARE},
            )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM records_completionrecord")
        return cursor.fetchone()[0], len(unit_ids) + 31


def _timed(function, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), result


def _per_user_loop(kinds):
    """The naive report: one query per person on the roster for their completions, then the same rollup."""
    from lms.evaluation.selectors import Counts, rolled_up
    from lms.people.selectors import departments_in_tree_order, memberships_on
    from lms.records.selectors import completion_records

    direct = {}
    for membership in memberships_on(on=REFERENCE_DATE):
        completed = completion_records(year=YEAR, kinds=kinds).filter(user_id=membership.user_id).exists()
        counts = direct.setdefault(membership.department_id, Counts())
        counts.staff += 1
        counts.completed += 1 if completed else 0
    return rolled_up(YEAR, REFERENCE_DATE, "reference_date", direct, list(departments_in_tree_order()))


def _matrix():
    from django.db.models import Count

    from lms.records.selectors import completion_records

    return list(
        completion_records(year=YEAR)
        .order_by()
        .values("department_id", "item_kind", "item_key")
        # One record per person, item and year (records' unique constraint): counting rows counts people,
        # without the sort a DISTINCT needs.
        .annotate(completers=Count("pk"))
    )


def _rule_set():
    from lms.evaluation.blocks import RuleItemBlock
    from lms.evaluation.models import RuleSet

    def item(name, metric, kinds, scoring, **extra):
        value = {"name": name, "metric": metric, "counted_kinds": kinds, "minimum_completions": extra.pop("minimum", 1),
                 "scoring": scoring, "bands": extra.pop("bands", []), "points_per_unit": extra.pop("per_unit", None),
                 "cap": Decimal(extra.pop("cap"))}
        return ("item", RuleItemBlock().to_python(value))

    bands = [{"lower": 90, "upper": None, "points": 3}, {"lower": 70, "upper": 90, "points": 2}, {"lower": 50, "upper": 70, "points": 1}]
    return RuleSet(evaluation_year=YEAR, total_cap=Decimal(10), items=[
        item("이러닝 이수 비율", "completion_share", ["course"], "bands", bands=bands, cap=3),
        item("U-지식여행 이수 비율(5편 이상)", "completion_share", ["knowledge_trip_episode"], "bands", bands=bands, minimum=5, cap=3),
        item("힐링·집합교육 참여 인원", "participants", ["offline_session"], "per_unit", per_unit=Decimal("0.01"), cap=2),
        item("교육 실시 횟수", "sessions_held", ["offline_session"], "per_unit", per_unit=Decimal("0.05"), cap=1),
        item("캠페인 참여", "campaign_participation", ["campaign"], "per_unit", per_unit=Decimal("0.01"), cap=1),
    ])


def _plan(kinds):
    """The scans and timing of the rollup's aggregate, as PostgreSQL runs it."""
    from django.db import connection

    from lms.evaluation.selectors import Counted, DatabaseFacts

    query = DatabaseFacts(year=YEAR, reference_date=REFERENCE_DATE).counts_by_department(counted=Counted.narrowed_to(kinds), minimum_completions=1)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    return [line.strip() for line in lines if "Scan" in line or "Execution Time" in line]


def measure():
    from django.db import connection
    from django.test.utils import setup_test_environment

    from lms.evaluation.selectors import department_rates, department_scores

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    started = time.perf_counter()
    records, departments = _build()
    build_seconds = time.perf_counter() - started
    kinds = ["course"]
    rates = {}
    for attribution in ("reference_date", "at_completion"):
        median, best, table = _timed(lambda: department_rates(
            year=YEAR, reference_date=REFERENCE_DATE, kinds=kinds, attribution=attribution))
        rates[attribution] = [median, best]
    series_median, series_best, _ = _timed(lambda: department_rates(
        year=YEAR, reference_date=REFERENCE_DATE, kinds=["knowledge_trip_episode"], minimum_completions=5))
    loop_ms, _, loop_table = _timed(lambda: _per_user_loop(kinds), rounds=1)
    fast = department_rates(year=YEAR, reference_date=REFERENCE_DATE, kinds=kinds)
    same = [(r.total.staff, r.total.completed) for r in fast.departments] == [
        (r.total.staff, r.total.completed) for r in loop_table.departments]
    matrix_ms, _, matrix = _timed(_matrix, rounds=3)
    rule_set = _rule_set()
    scores_ms, scores_best, scores = _timed(lambda: department_scores(rule_set=rule_set, reference_date=REFERENCE_DATE), rounds=3)
    return {
        "staff": STAFF, "records": records, "departments": departments, "build_seconds": build_seconds,
        "population": fast.overall.staff, "completers": fast.overall.completed,
        "rates": rates, "series": [series_median, series_best], "loop_ms": loop_ms, "loop_agrees": same,
        "matrix_ms": matrix_ms, "matrix_rows": len(matrix), "scores_ms": scores_ms, "scores_best": scores_best,
        "scored_departments": len(scores),
        "plans": {"reference_date": _plan(kinds)},
    }


def run():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test",
           "DATABASE_URL": os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lms_evaluation_bench")}
    child = subprocess.run([sys.executable, "-m", "benchmarks.evaluation", "--measure"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    if child.returncode != 0 or MARKER not in child.stdout:
        raise RuntimeError(f"평가 벤치마크 측정에 실패했습니다:\n{child.stderr[-3000:]}")
    return report(json.loads(child.stdout.split(MARKER, 1)[1]))


def report(result):
    reference, at_completion = result["rates"]["reference_date"], result["rates"]["at_completion"]
    plan = "\n".join(f"    {line}" for line in result["plans"]["reference_date"])
    return f"""### 데이터

- 직원 {result['staff']:,}명(기준일 명단 {result['population']:,}명, 열에 한 명은 7월 1일 전보), 부서 {result['departments']}개,
  이수기록 {result['records']:,}건(5종, 한 해에 걸쳐). 만드는 데 {result['build_seconds']:.0f}초(INSERT … SELECT).

### 결과 (중앙값 / 최솟값, {ROUNDS}회)

| 측정 | 시간 |
|---|---|
| 전체 부서 트리 이수율 + 본청/사업소·고강도/일반 (기준일 소속) | {reference[0]:.0f} / {reference[1]:.0f} ms |
| 같은 집계, 이수 당시 소속 | {at_completion[0]:.0f} / {at_completion[1]:.0f} ms |
| U-지식여행 5편 이상 이수율 (같은 트리) | {result['series'][0]:.0f} / {result['series'][1]:.0f} ms |
| 같은 이수율을 직원마다 쿼리하는 방식 (1회) | {result['loop_ms']:,.0f} ms — 집계 방식의 **{result['loop_ms'] / reference[0]:.0f}배**, 결과 일치: {'예' if result['loop_agrees'] else '아니오'} |
| 콘텐츠 × 부서 이수자 행렬 ({result['matrix_rows']:,}칸, 3회 중앙값) | {result['matrix_ms']:,.0f} ms |
| 5개 항목 가점 계산, 부서 {result['scored_departments']}개 전부 (3회 중앙값 / 최솟값) | {result['scores_ms']:,.0f} / {result['scores_best']:,.0f} ms |

목표: 전체 트리 집계 150 ms 미만. 기준일 소속 집계는 {'목표 안' if reference[0] < 150 else '목표 초과'}입니다.

### 쿼리 계획 (기준일 소속 집계의 스캔과 실행 시간)

{plan}
"""


if __name__ == "__main__":
    if "--measure" in sys.argv:
        import django

        django.setup()
        result = measure()
        print(MARKER)
        print(json.dumps(result, default=str))
    else:
        from benchmarks.run import main

        main(["evaluation"])
