"""The CMI data model rules the server enforces: what a commit may contain, when a SCO counts as
complete, and how statuses merge so a relaunch never undoes a completion.

Completion (documented in docs/scorm.md):
- SCORM 1.2: complete when `cmi.core.lesson_status` is "passed" or "completed". "failed",
  "incomplete", "browsed" and "not attempted" are not complete.
- SCORM 2004: complete when `cmi.completion_status` is "completed" AND `cmi.success_status` is
  "passed" or "unknown" (a SCO that judged the learner "failed" is not complete, however much of it
  was seen).

Merging a commit into the stored state (the server keeps the maximum):
- 1.2: once the status is passed/completed, a later non-complete status is ignored; passed is never
  replaced by completed. Otherwise the latest status wins.
- 2004: completion_status never goes down (unknown/not attempted < incomplete < completed); a
  "passed" success_status is never lost, and a complete attempt ignores a later "failed".
- Once complete, always complete.
"""

import json
import re
from dataclasses import dataclass

from .packaging import SCORM_12, SCORM_2004

MAX_VALUE_CHARS = 64_000
MAX_KEYS = 5_000
MAX_KEY_CHARS = 255
MAX_LOCATION_CHARS = {SCORM_12: 255, SCORM_2004: 1000}

LESSON_STATUSES_12 = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETE_12 = {"passed", "completed"}
COMPLETION_RANK_2004 = {"unknown": 0, "not attempted": 0, "incomplete": 1, "completed": 2}
SUCCESS_STATUSES_2004 = {"passed", "failed", "unknown"}
EXIT_VALUES = {"", "suspend", "logout", "normal", "time-out"}


class CommitError(Exception):
    """A commit body the server refuses; the message is Korean and goes back with a 400."""


@dataclass(frozen=True)
class Keys:
    lesson_status: str
    completion_status: str
    success_status: str
    score_raw: str
    score_scaled: str
    suspend_data: str
    location: str
    exit: str
    entry: str
    session_time: str
    total_time: str
    learner_id: str
    learner_name: str


KEYS = {
    SCORM_12: Keys(
        lesson_status="cmi.core.lesson_status", completion_status="", success_status="",
        score_raw="cmi.core.score.raw", score_scaled="", suspend_data="cmi.suspend_data",
        location="cmi.core.lesson_location", exit="cmi.core.exit", entry="cmi.core.entry",
        session_time="cmi.core.session_time", total_time="cmi.core.total_time",
        learner_id="cmi.core.student_id", learner_name="cmi.core.student_name",
    ),
    SCORM_2004: Keys(
        lesson_status="", completion_status="cmi.completion_status", success_status="cmi.success_status",
        score_raw="cmi.score.raw", score_scaled="cmi.score.scaled", suspend_data="cmi.suspend_data",
        location="cmi.location", exit="cmi.exit", entry="cmi.entry",
        session_time="cmi.session_time", total_time="cmi.total_time",
        learner_id="cmi.learner_id", learner_name="cmi.learner_name",
    ),
}

TIMESPAN_12 = re.compile(r"^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$")
DURATION_2004 = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$"
)


def seconds_from_timespan(version, value):
    """Seconds in a SCORM time value; None for an empty value. Raises CommitError if malformed."""
    if not value:
        return None
    if version == SCORM_12:
        match = TIMESPAN_12.match(value)
        if match:
            hours, minutes, seconds, fraction = match.groups()
            return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0)
    else:
        match = DURATION_2004.match(value)
        if match and value not in ("P", "PT") and not value.endswith("T"):
            years, months, days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
            return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + seconds
    raise CommitError(f"학습 시간 형식이 올바르지 않습니다: {value[:40]}")


def timespan_from_seconds(version, seconds):
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if version == SCORM_12:
        return f"{min(hours, 9999):04d}:{minutes:02d}:{secs:02d}"
    return f"PT{hours}H{minutes}M{secs}S"


def _score(value, label):
    if value in ("", None):
        return None
    try:
        score = float(value)
    except ValueError as error:
        raise CommitError(f"{label} 값이 숫자가 아닙니다: {value[:20]}") from error
    if score != score or score in (float("inf"), float("-inf")):
        raise CommitError(f"{label} 값이 올바르지 않습니다.")
    return score


def parse_commit(version, raw_json):
    """Decode and validate the flattened CMI object a commit carries."""
    try:
        data = json.loads(raw_json)
    except (TypeError, ValueError) as error:
        raise CommitError("CMI 데이터가 올바른 JSON이 아닙니다.") from error
    if not isinstance(data, dict):
        raise CommitError("CMI 데이터는 객체여야 합니다.")
    if len(data) > MAX_KEYS:
        raise CommitError(f"CMI 항목이 너무 많습니다(최대 {MAX_KEYS:,}개).")
    for key, value in data.items():
        if len(key) > MAX_KEY_CHARS or not (key.startswith("cmi.") or key.startswith("adl.")):
            raise CommitError(f"알 수 없는 CMI 항목입니다: {key[:60]}")
        if isinstance(value, (dict, list)):
            if value:
                raise CommitError(f"CMI 항목 값의 형식이 올바르지 않습니다: {key[:60]}")
        elif not isinstance(value, str):
            raise CommitError(f"CMI 항목 값은 문자열이어야 합니다: {key[:60]}")
        elif len(value) > MAX_VALUE_CHARS:
            raise CommitError(f"{key[:60]} 값이 너무 깁니다(최대 {MAX_VALUE_CHARS:,}자).")
    keys = KEYS[version]
    location = data.get(keys.location, "")
    if len(location) > MAX_LOCATION_CHARS[version]:
        raise CommitError(f"학습 위치 값이 너무 깁니다(최대 {MAX_LOCATION_CHARS[version]:,}자).")
    if data.get(keys.exit, "") not in EXIT_VALUES:
        raise CommitError("종료 방식(exit) 값이 올바르지 않습니다.")
    if version == SCORM_12:
        if data.get(keys.lesson_status, "") not in LESSON_STATUSES_12 | {""}:
            raise CommitError("학습 상태(lesson_status) 값이 올바르지 않습니다.")
    else:
        if data.get(keys.completion_status, "") not in set(COMPLETION_RANK_2004) | {""}:
            raise CommitError("완료 상태(completion_status) 값이 올바르지 않습니다.")
        if data.get(keys.success_status, "") not in SUCCESS_STATUSES_2004 | {""}:
            raise CommitError("성공 상태(success_status) 값이 올바르지 않습니다.")
    return data


@dataclass(frozen=True)
class Statuses:
    lesson_status: str = ""
    completion_status: str = ""
    success_status: str = ""


def statuses_in(version, data):
    keys = KEYS[version]
    if version == SCORM_12:
        return Statuses(lesson_status=data.get(keys.lesson_status, ""))
    return Statuses(
        completion_status=data.get(keys.completion_status, ""), success_status=data.get(keys.success_status, "")
    )


def is_complete(version, statuses):
    if version == SCORM_12:
        return statuses.lesson_status in COMPLETE_12
    return statuses.completion_status == "completed" and statuses.success_status in ("passed", "unknown")


def merge_statuses(version, stored, committed):
    """The statuses to keep after a commit; see the module docstring for the rules."""
    was_complete = is_complete(version, stored)
    if version == SCORM_12:
        new, old = committed.lesson_status, stored.lesson_status
        if not new or (was_complete and new not in COMPLETE_12) or (old == "passed" and new == "completed"):
            return stored
        return committed
    completion = committed.completion_status or stored.completion_status
    if COMPLETION_RANK_2004.get(completion, 0) < COMPLETION_RANK_2004.get(stored.completion_status, 0):
        completion = stored.completion_status
    success = committed.success_status or stored.success_status
    if stored.success_status == "passed" or (was_complete and success == "failed"):
        success = stored.success_status
    return Statuses(completion_status=completion, success_status=success)


def with_statuses(version, data, statuses):
    """The CMI data with the kept statuses written back, so a relaunch loads the merged values."""
    keys = KEYS[version]
    merged = dict(data)
    for field in ("lesson_status", "completion_status", "success_status"):
        key, value = getattr(keys, field), getattr(statuses, field)
        if key and value:
            merged[key] = value
    return merged


def score_values(version, data):
    keys = KEYS[version]
    raw = _score(data.get(keys.score_raw), "점수(score.raw)")
    scaled = _score(data.get(keys.score_scaled), "환산 점수(score.scaled)") if keys.score_scaled else None
    if scaled is not None and not -1 <= scaled <= 1:
        raise CommitError("환산 점수(score.scaled)는 -1과 1 사이여야 합니다.")
    return raw, scaled


# Values that belong to one session only and must not be handed back on the next launch.
SESSION_ONLY = {
    SCORM_12: {"cmi.core.session_time", "cmi.core.exit", "cmi.core.entry"},
    SCORM_2004: {"cmi.session_time", "cmi.exit", "cmi.entry"},
}
