"""Heartbeat ingestion: beats per second, latency and lost beats against the real stack.

gunicorn serves the project on 127.0.0.1 against PostgreSQL (database `lms_bench_heartbeat`, rebuilt
fresh) with the Redis cache; a second process generates the load: LOAD_CONNECTIONS threads, each with
a persistent HTTP connection, posting beats for 6,350 logged-in staff (one real session each), each
beat a new event id and the next 15 s of the video. The requests are built before the clock starts and
written to plain sockets, so the generator takes little of the CPU the server shares with it. Four
endpoints in the same run:

- ceiling       — a trivial view returning 200 (same middleware, CSRF check included);
- without write — the real view with its write left out: session, user, rate limit, validation;
- naive         — one `update_or_create` per beat, nothing validated or logged (mounted only here);
- real          — POST /records/heartbeat/<page>/ (validation, rate limit, event log, crediting).

Each run is bounded by a beat count and a time limit. Lost beats = beats sent − beats stored
(the event rows in the database; for the naive view, answers other than 200).

Run: `.venv/bin/python -m benchmarks.run heartbeat` (or `-m benchmarks.heartbeat`): rewrites the
"Heartbeat ingestion" section of docs/benchmarks.md.
"""

import argparse
import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Heartbeat ingestion"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms_bench_heartbeat")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
STAFF = 6350
BEATS_PER_RUN = int(os.environ.get("BENCH_BEATS", "20000"))
MAX_SECONDS_PER_RUN = 30
# 6,350 viewers keep many requests in flight at once; the group commit of lms/records batches the
# beats that arrive together in one worker, so the load keeps 48 in flight and every worker has the
# threads to hold its share.
LOAD_CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "48"))
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
GUNICORN_THREADS = int(os.environ.get("BENCH_THREADS", "16"))
TARGET_BEATS_PER_SECOND = 1500
TARGET_P99_MS = 100
PEAK_NEED = STAFF / 15
CSRF_TOKEN = "b" * 32
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.heartbeat_settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": "bench-heartbeat",
}


# ---- load generator (runs in its own process) ----------------------------------------------------


def generate_load(port, path_template, page_id, sessions, beats, max_seconds, connections, start_offset):
    """Post `beats` beats over `connections` keep-alive connections; returns latencies and statuses.

    Every request is built before the clock starts and written to a plain socket, so the generator
    spends as little as possible of the machine the server shares with it.
    """
    path = path_template.format(page_id=page_id)
    requests = [_beat_request(path, sessions[n % len(sessions)], start_offset + n // len(sessions)) for n in range(beats)]
    latencies, statuses = [], {}
    lock = threading.Lock()
    counter = iter(range(beats))
    deadline = time.monotonic() + max_seconds

    def worker():
        connection, pending = None, b""
        mine, codes = [], {}
        for number in counter:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                if connection is None:
                    connection, pending = socket.create_connection(("127.0.0.1", port), timeout=10), b""
                    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                connection.sendall(requests[number])
                status, keep_alive, pending = _read_response(connection, pending)
                if not keep_alive:
                    connection.close()
                    connection = None
            except OSError:
                status = "error"
                if connection is not None:
                    connection.close()
                connection = None
            mine.append(time.perf_counter() - started)
            codes[status] = codes.get(status, 0) + 1
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            for status, count in codes.items():
                statuses[str(status)] = statuses.get(str(status), 0) + count

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "sent": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "statuses": statuses,
    }


def _beat_request(path, session, round_):
    """One heartbeat as raw HTTP/1.1 bytes: a new event id and the staff member's `round_`-th 15 s."""
    start = round_ * 15 % 585
    body = json.dumps(
        {"event_id": str(uuid.uuid4()), "intervals": [[start, start + 15]], "rate": 1.0, "position": start + 15, "duration": 600}
    ).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nCookie: sessionid={session}; csrftoken={CSRF_TOKEN}\r\n"
        f"X-CSRFToken: {CSRF_TOKEN}\r\n\r\n"
    )
    return head.encode() + body


def _read_response(connection, pending):
    """(status, keep-alive?, bytes already read of the next response) for one HTTP/1.1 response."""
    while b"\r\n\r\n" not in pending:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionResetError("서버가 연결을 닫았습니다.")
        pending += chunk
    head, _, rest = pending.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(":", 1) for line in lines[1:])
    headers = {name.strip().lower(): value.strip().lower() for name, value in headers.items()}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionResetError("서버가 연결을 닫았습니다.")
        rest += chunk
    return int(lines[0].split()[1]), headers.get("connection") != "close", rest[length:]


def _load_main(argv):
    parser = argparse.ArgumentParser()
    for name in ("port", "page-id", "beats", "max-seconds", "connections", "start-offset"):
        parser.add_argument(f"--{name}", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--sessions-file", required=True)
    args = parser.parse_args(argv)
    sessions = Path(args.sessions_file).read_text().split()
    result = generate_load(
        args.port, args.path, args.page_id, sessions, args.beats, args.max_seconds, args.connections, args.start_offset
    )
    print(json.dumps(result))


# ---- the server side ----------------------------------------------------------------------------


def _setup_django():
    os.environ.update(SERVER_ENV)
    import django

    django.setup()


def _fresh_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _build_fixture(sessions_file):
    """Migrate, then one tracked video page and 6,350 staff with a logged-in session each."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Site

    from courses.campaigns.models import CampaignPage
    from lms.people.models import User
    from media_pipeline.models import Video, VideoStatus

    call_command("migrate", verbosity=0)
    video = Video.objects.create(
        title="벤치마크 영상", source="videos/sources/bench.mp4", status=VideoStatus.READY, duration=600
    )
    page = CampaignPage(title="벤치마크 영상", slug="bench-heartbeat", intro="벤치마크", video=video)
    Site.objects.get(is_default_site=True).root_page.add_child(instance=page)

    password = make_password(secrets.token_hex(8))
    User.objects.bulk_create(
        [User(username=f"B{number:05d}", name=f"직원{number}", password=password) for number in range(STAFF)]
    )
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(days=1)
    sessions = []
    for user in User.objects.filter(username__startswith="B").order_by("pk"):
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(Session(session_key=secrets.token_hex(16), session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(sessions, batch_size=1000)
    Path(sessions_file).write_text("\n".join(s.session_key for s in sessions))
    return page.pk


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(port):
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "lms.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={GUNICORN_WORKERS}",
            "--worker-class=gthread",
            f"--threads={GUNICORN_THREADS}",
            "--keep-alive=5",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn이 시작되지 않았습니다.")


def _run_load(port, path, page_id, sessions_file, beats, start_offset=0, max_seconds=MAX_SECONDS_PER_RUN):
    output = subprocess.run(
        [
            sys.executable, "-m", "benchmarks.heartbeat", "load",
            f"--port={port}", f"--path={path}", f"--page-id={page_id}", f"--beats={beats}",
            f"--max-seconds={max_seconds}", f"--connections={LOAD_CONNECTIONS}", f"--start-offset={start_offset}",
            f"--sessions-file={sessions_file}",
        ],
        cwd=ROOT, check=True, capture_output=True, text=True, env={**os.environ, **SERVER_ENV},
    )  # fmt: skip
    return json.loads(output.stdout)


def _stored_progress_events():
    from lms.records.models import EventKind, LearningEvent

    return LearningEvent.objects.filter(kind=EventKind.PROGRESS).count()


def _committed_transactions():
    """Transactions committed in the benchmark database so far (PostgreSQL's own counter, which the
    server's connections update at most once a second while busy)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def measure():
    import tempfile

    _fresh_database()
    _setup_django()
    from django.core.cache import cache
    from django.db import connections

    with tempfile.NamedTemporaryFile("w", suffix=".txt") as sessions_file:
        page_id = _build_fixture(sessions_file.name)
        cache.clear()
        connections.close_all()
        port = _free_port()
        server = _start_gunicorn(port)
        try:
            results = {}
            # Warm-up, not measured: every worker imports and connects on its first requests.
            _run_load(port, "/bench/ceiling/{page_id}/", page_id, sessions_file.name, 600)
            results["ceiling"] = _run_load(port, "/bench/ceiling/{page_id}/", page_id, sessions_file.name, BEATS_PER_RUN)
            # Warm-up, not measured: every staff member's session and user reach the Redis cache.
            _run_load(port, "/bench/without-write/{page_id}/", page_id, sessions_file.name, STAFF)
            time.sleep(RATE_WINDOW_PAUSE)
            results["without_write"] = _run_load(
                port, "/bench/without-write/{page_id}/", page_id, sessions_file.name, BEATS_PER_RUN
            )
            time.sleep(RATE_WINDOW_PAUSE)
            results["naive"] = _run_load(port, "/bench/naive/{page_id}/", page_id, sessions_file.name, BEATS_PER_RUN)
            results["naive"]["lost"] = results["naive"]["sent"] - results["naive"]["statuses"].get("200", 0)
            # Warm-up, not measured: every staff member's first beat creates their state.
            _run_load(port, "/records/heartbeat/{page_id}/", page_id, sessions_file.name, STAFF)
            time.sleep(RATE_WINDOW_PAUSE)
            before, transactions_before = _stored_progress_events(), _committed_transactions()
            real = _run_load(port, "/records/heartbeat/{page_id}/", page_id, sessions_file.name, BEATS_PER_RUN, 1)
            time.sleep(STATS_FLUSH_PAUSE)
            real["transactions"] = _committed_transactions() - transactions_before
            real["stored"] = _stored_progress_events() - before
            real["lost"] = real["sent"] - real["stored"]
            results["real"] = real
        finally:
            server.terminate()
            server.wait(timeout=30)
    return results


RATE_WINDOW_PAUSE = 10  # let the previous run's rate-limit windows expire
STATS_FLUSH_PAUSE = 11  # idle PostgreSQL backends report their last statistics within 10 s


def _status_text(statuses):
    return ", ".join(f"{code}: {count:,}" for code, count in sorted(statuses.items()))


def report(results):
    real, naive, ceiling = results["real"], results["naive"], results["ceiling"]
    without_write = results["without_write"]
    ok = real["per_second"] >= TARGET_BEATS_PER_SECOND and real["p99_ms"] < TARGET_P99_MS and real["lost"] == 0
    rows = [
        ("실제 엔드포인트 `/records/heartbeat/`", real, f"{real['lost']:,} (저장 {real['stored']:,}건)"),
        ("실제 엔드포인트에서 저장만 뺀 것(세션·사용자·요청 제한·검증)", without_write, "—"),
        ("순진한 구현(update_or_create 1회)", naive, f"{naive['lost']:,} (200이 아닌 응답)"),
        ("천장(아무 일도 하지 않는 200 뷰)", ceiling, "—"),
    ]
    load = os.getloadavg()
    lines = [
        f"`python -m benchmarks.run heartbeat` — 부하 생성기와 서버·PostgreSQL·Redis가 같은 기계. gunicorn {GUNICORN_WORKERS} workers × "
        f"{GUNICORN_THREADS} threads (gthread, keep-alive), PostgreSQL 127.0.0.1, Redis 캐시(요청 제한·세션 읽기, cached_db 세션). "
        f"부하: 별도 프로세스, 동시 연결 {LOAD_CONNECTIONS}개, 직원 {STAFF:,}명의 실제 로그인 세션, "
        f"실행마다 최대 {BEATS_PER_RUN:,}건·{MAX_SECONDS_PER_RUN}초. "
        f"측정 후 부하(1/5/15분 평균): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}.",
        "",
        "| 엔드포인트 | 보낸 신호 | 초당 처리 | p50 | p99 | 잃은 신호 | 응답 코드 |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, result, lost in rows:
        lines.append(
            f"| {label} | {result['sent']:,} | {result['per_second']:,.0f} | {result['p50_ms']:.1f} ms "
            f"| {result['p99_ms']:.1f} ms | {lost} | {_status_text(result['statuses'])} |"
        )
    lines += [
        "",
        f"실제 엔드포인트 = 순진한 구현의 {real['per_second'] / naive['per_second']:.2f}배, "
        f"천장의 {real['per_second'] / ceiling['per_second'] * 100:.0f}%, "
        f"저장을 뺀 것의 {real['per_second'] / without_write['per_second'] * 100:.0f}%. "
        f"그룹 커밋: 신호 {real['sent']:,}건을 트랜잭션 약 {real['transactions']:,}번에 저장"
        f"(한 번에 평균 {real['sent'] / max(real['transactions'], 1):.1f}건). "
        f"최대 필요량 {PEAK_NEED:,.0f} beats/s(6,350명 × 15초에 1회)의 {real['per_second'] / PEAK_NEED:.1f}배.",
        f"목표(≥ {TARGET_BEATS_PER_SECOND:,} beats/s, p99 < {TARGET_P99_MS} ms, 잃은 신호 0): "
        + ("달성 ✅" if ok else "미달 ❌"),
        "",
    ]
    return "\n".join(lines)


def run():
    """Markdown for benchmarks.run (which writes docs/benchmarks.md)."""
    return report(measure())


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        _load_main(sys.argv[2:])
    else:
        from benchmarks.run import main

        main(["heartbeat"])
