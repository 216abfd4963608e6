"""The heartbeat benchmark's load generator: every beat is sent once, answered and counted."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.heartbeat import BEATS_PER_TOKEN, CSRF_TOKEN, generate_load


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers
    received = []
    beat_tokens = []
    close_every = 0

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Recorder.received.append((self.path, self.headers["Cookie"], self.headers["X-CSRFToken"], body))
        Recorder.beat_tokens.append(self.headers["X-Beat-Token"])
        closing = Recorder.close_every and len(Recorder.received) % Recorder.close_every == 0
        answer = {"recorded": True}
        if not self.headers["X-Beat-Token"]:  # as the heartbeat does after checking everything
            answer["beat_token"] = "new-" + self.headers["Cookie"].split(";")[0].removeprefix("sessionid=")
        answer = json.dumps(answer).encode()
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
    Recorder.received, Recorder.beat_tokens = [], []
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


def test_beat_tokens_are_sent_as_a_player_sends_them_and_renewed_from_the_answers(server):
    sessions = [f"session{number}" for number in range(40)]
    tokens = [f"token{number}" if number % 2 else None for number in range(40)]  # half have one
    result = generate_load(server.server_port, "/records/heartbeat/{page_id}/", 7, sessions, 40 * BEATS_PER_TOKEN, 30, 4, 0, tokens)

    sent = {}
    for (_, cookie, _, _), token in zip(Recorder.received, Recorder.beat_tokens, strict=True):
        staff = int(cookie.split(";")[0].removeprefix("sessionid=session"))
        sent.setdefault(staff, []).append(token)
    for staff in range(1, 40, 2):
        assert sent[staff].count(None) == 1, "one beat per token lifetime goes without and is checked in full"
        assert set(sent[staff]) == {None, f"token{staff}"}
    for staff in range(0, 40, 2):
        assert set(sent[staff]) == {None}
    assert result["tokens"] == {staff: f"new-session{staff}" for staff in range(40)}


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


def a_round(real_rate, real_p99, lost=0, peak_p99=30):
    return {
        "real": run_result(
            real_rate, real_p99, stored=20000 - lost, lost=lost, transactions=2500, drain_seconds=0.4,
            answered_per_second=real_rate * 1.03,
        ),  # fmt: skip
        "real_at_peak": run_result(423, peak_p99, stored=8467, lost=0, transactions=900, drain_seconds=0.1,
                                   answered_per_second=423),
        "without_write": run_result(1800, 90),
        "naive": run_result(400, 300, lost=0),
        "ceiling": run_result(4000, 50),
    }


@pytest.mark.parametrize(
    "rounds, verdict",
    [
        ([a_round(1600, 80)], "달성 ✅"),
        ([a_round(1600, 120)], "미달 ❌"),
        ([a_round(900, 80)], "미달 ❌"),
        ([a_round(1600, 80, lost=3)], "미달 ❌"),
        ([a_round(900, 80), a_round(1600, 80), a_round(1200, 90)], "달성 ✅"),  # the best run counts
        ([a_round(1600, 80), a_round(900, 80, lost=1)], "미달 ❌"),  # lost beats count in every run
    ],
)
def test_the_report_reads_the_target_from_the_figures(rounds, verdict):
    from benchmarks.heartbeat import report

    markdown = report(rounds)
    assert markdown.rstrip().endswith(verdict)
    assert "{" not in markdown, "every placeholder is filled in"
    assert "한 번에 평균 8.0건" in markdown
    assert "저장되기까지 0.4초" in markdown
    best = max(round_["real"]["per_second"] for round_ in rounds)
    assert f"{best / 400:.2f}배" in markdown
    assert "실제 " + " / ".join(f"{round_['real']['per_second']:,.0f}" for round_ in rounds) in markdown


def test_the_report_shows_the_latency_at_the_peak_need_from_its_best_round():
    from benchmarks.heartbeat import report

    markdown = report([a_round(600, 120, peak_p99=45), a_round(650, 110, peak_p99=27)])
    row = next(line for line in markdown.splitlines() if "최대 필요량 속도(423/s)로 보낼 때" in line)
    assert "| 9.0 ms | 27.0 ms |" in row
    assert "라운드별 p99 45.0 / 27.0 ms" in markdown
    assert "저장 56,934건" in markdown  # both runs of every round


def test_a_paced_run_sends_each_beat_when_it_is_due_and_times_it_from_then(server):
    sessions = [f"session{number}" for number in range(20)]
    result = generate_load(server.server_port, "/records/heartbeat/{page_id}/", 7, sessions, 60, 30, 4, 1, rate=200)

    assert result["sent"] == 60 and result["statuses"] == {"200": 60}
    assert result["seconds"] >= 59 / 200, "the last beat is due 0.295 s after the first"
    assert result["per_second"] <= 200 * 60 / 59
