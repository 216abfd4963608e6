"""Completion mapping and status merging for both SCORM versions (pure rules, no database)."""

import json

import pytest

from courses.scorm import cmi
from courses.scorm.cmi import CommitError, Statuses, is_complete, merge_statuses


@pytest.mark.parametrize(
    ("lesson_status", "complete"),
    [("passed", True), ("completed", True), ("failed", False), ("incomplete", False), ("browsed", False),
     ("not attempted", False), ("", False)],
)
def test_scorm_12_completion(lesson_status, complete):
    assert is_complete("1.2", Statuses(lesson_status=lesson_status)) is complete


@pytest.mark.parametrize(
    ("completion", "success", "complete"),
    [
        ("completed", "passed", True),
        ("completed", "unknown", True),
        ("completed", "failed", False),
        ("completed", "", False),
        ("incomplete", "passed", False),
        ("incomplete", "unknown", False),
        ("not attempted", "passed", False),
        ("unknown", "passed", False),
        ("unknown", "unknown", False),
    ],
)
def test_scorm_2004_completion(completion, success, complete):
    assert is_complete("2004", Statuses(completion_status=completion, success_status=success)) is complete


@pytest.mark.parametrize(
    ("stored", "committed", "kept"),
    [
        ("", "incomplete", "incomplete"),
        ("incomplete", "failed", "failed"),
        ("failed", "incomplete", "incomplete"),  # retrying after a failure is not complete yet
        ("failed", "passed", "passed"),
        ("incomplete", "completed", "completed"),
        ("completed", "passed", "passed"),
        ("passed", "incomplete", "passed"),  # a relaunch that resets the status
        ("passed", "not attempted", "passed"),
        ("passed", "failed", "passed"),  # a worse retake does not undo the pass
        ("passed", "completed", "passed"),
        ("completed", "failed", "completed"),
        ("completed", "browsed", "completed"),
        ("incomplete", "", "incomplete"),
    ],
)
def test_scorm_12_merge_never_undoes_completion(stored, committed, kept):
    assert merge_statuses("1.2", Statuses(lesson_status=stored), Statuses(lesson_status=committed)) == Statuses(
        lesson_status=kept
    )


@pytest.mark.parametrize(
    ("stored", "committed", "kept"),
    [
        (("", ""), ("incomplete", "unknown"), ("incomplete", "unknown")),
        (("incomplete", "unknown"), ("completed", "failed"), ("completed", "failed")),
        (("completed", "failed"), ("completed", "passed"), ("completed", "passed")),
        (("completed", "passed"), ("incomplete", "unknown"), ("completed", "passed")),  # relaunch reset
        (("completed", "passed"), ("completed", "failed"), ("completed", "passed")),
        (("completed", "unknown"), ("incomplete", "failed"), ("completed", "unknown")),
        (("completed", "unknown"), ("not attempted", "unknown"), ("completed", "unknown")),
        (("incomplete", "failed"), ("incomplete", "unknown"), ("incomplete", "unknown")),
        (("incomplete", "passed"), ("incomplete", "failed"), ("incomplete", "passed")),
        (("completed", "failed"), ("", ""), ("completed", "failed")),
    ],
)
def test_scorm_2004_merge_never_undoes_completion(stored, committed, kept):
    merged = merge_statuses("2004", Statuses("", *stored), Statuses("", *committed))
    assert merged == Statuses("", *kept)
    if is_complete("2004", Statuses("", *stored)):
        assert is_complete("2004", merged)


@pytest.mark.parametrize(
    ("version", "value", "seconds"),
    [("1.2", "00:01:30", 90), ("1.2", "0002:00:00.5", 7200.5), ("2004", "PT1H2M3S", 3723),
     ("2004", "PT0.25S", 0.25), ("2004", "P1DT1S", 86401), ("2004", "", None)],
)
def test_time_values(version, value, seconds):
    assert cmi.seconds_from_timespan(version, value) == seconds


@pytest.mark.parametrize(("version", "value"), [("1.2", "1:2"), ("1.2", "PT1S"), ("2004", "PT"), ("2004", "00:00:10")])
def test_bad_time_values(version, value):
    with pytest.raises(CommitError, match="학습 시간 형식"):
        cmi.seconds_from_timespan(version, value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "올바른 JSON이 아닙니다"),
        ("[]", "객체여야 합니다"),
        (json.dumps({"evil.key": "1"}), "알 수 없는 CMI 항목"),
        (json.dumps({"cmi.core.score.raw": 80}), "문자열이어야"),
        (json.dumps({"cmi.objectives": {"0": "x"}}), "형식이 올바르지 않습니다"),
        (json.dumps({"cmi.suspend_data": "가" * 64_001}), "너무 깁니다(최대 64,000자)"),
        (json.dumps({"cmi.core.lesson_location": "x" * 256}), "학습 위치 값이 너무 깁니다"),
        (json.dumps({"cmi.core.lesson_status": "finished"}), "lesson_status"),
        (json.dumps({"cmi.core.exit": "explode"}), "종료 방식"),
        (json.dumps({f"cmi.interactions.{n}.id": "q" for n in range(5_001)}), "항목이 너무 많습니다"),
    ],
)
def test_invalid_commit_bodies(body, message):
    with pytest.raises(CommitError, match=message.replace("(", r"\(").replace(")", r"\)")):
        cmi.parse_commit("1.2", body)


def test_2004_status_vocabularies_are_checked():
    with pytest.raises(CommitError, match="completion_status"):
        cmi.parse_commit("2004", json.dumps({"cmi.completion_status": "passed"}))
    with pytest.raises(CommitError, match="success_status"):
        cmi.parse_commit("2004", json.dumps({"cmi.success_status": "completed"}))
    with pytest.raises(CommitError, match="-1과 1 사이"):
        cmi.score_values("2004", {"cmi.score.scaled": "1.5"})
