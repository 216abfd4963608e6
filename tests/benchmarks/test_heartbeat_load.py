"""The heartbeat benchmark's load generator: every beat is sent once, answered and counted."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.heartbeat import CSRF_TOKEN, generate_load


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers
    received = []
    close_every = 0

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Recorder.received.append((self.path, self.headers["Cookie"], self.headers["X-CSRFToken"], body))
        closing = Recorder.close_every and len(Recorder.received) % Recorder.close_every == 0
        answer = b'{"recorded": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        if closing:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.received = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("close_every", [0, 7], ids=["keep-alive", "server closes now and then"])
def test_every_beat_is_sent_once_answered_and_counted(server, close_every):
    Recorder.close_every = close_every
    sessions = [f"session{number}" for number in range(50)]
    result = generate_load(server.server_port, "/records/heartbeat/{page_id}/", 7, sessions, 300, 30, 4, 1)

    assert result["sent"] == 300 and result["statuses"] == {"200": 300}
    assert result["p50_ms"] <= result["p99_ms"]
    paths = {path for path, *_ in Recorder.received}
    assert paths == {"/records/heartbeat/7/"}
    event_ids = {body["event_id"] for *_, body in Recorder.received}
    assert len(event_ids) == 300, "a new event id for every beat"
    assert all(cookie.startswith("sessionid=session") and token == CSRF_TOKEN for _, cookie, token, _ in Recorder.received)
    first = [body for _, cookie, _, body in Recorder.received if cookie.startswith("sessionid=session0;")]
    assert sorted(body["intervals"][0][0] for body in first) == [15, 30, 45, 60, 75, 90]  # rounds 1..6 of 15 s


def test_a_dead_server_counts_errors_instead_of_hanging():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = generate_load(port, "/x/{page_id}/", 1, ["s"], 5, 10, 2, 0)
    assert result["statuses"] == {"error": 5}


def run_result(per_second, p99_ms, **extra):
    return {"sent": 20000, "seconds": 20000 / per_second, "per_second": per_second, "p50_ms": p99_ms / 3,
            "p99_ms": p99_ms, "statuses": {"200": 20000}, **extra}  # fmt: skip


@pytest.mark.parametrize(
    "real_rate, real_p99, lost, verdict",
    [(1600, 80, 0, "달성 ✅"), (1600, 120, 0, "미달 ❌"), (900, 80, 0, "미달 ❌"), (1600, 80, 3, "미달 ❌")],
)
def test_the_report_reads_the_target_from_the_figures(real_rate, real_p99, lost, verdict):
    from benchmarks.heartbeat import report

    markdown = report(
        {
            "real": run_result(real_rate, real_p99, stored=20000 - lost, lost=lost, transactions=2500),
            "without_write": run_result(1800, 90),
            "naive": run_result(400, 300, lost=0),
            "ceiling": run_result(4000, 50),
        }
    )
    assert markdown.rstrip().endswith(verdict)
    assert "{" not in markdown, "every placeholder is filled in"
    assert "한 번에 평균 8.0건" in markdown
    assert f"{real_rate / 400:.2f}배" in markdown
