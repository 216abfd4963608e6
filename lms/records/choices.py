"""The records' choices, importable by every app without importing the records' models."""

from django.db import models


class EventKind(models.TextChoices):
    VIEW = "view", "열람"
    PROGRESS = "progress", "시청 진행"
    COMPLETE = "complete", "완료"
    QUIZ_ATTEMPT = "quiz_attempt", "퀴즈 응시"
    SCORM_COMMIT = "scorm_commit", "SCORM 저장"
    OPEN = "open", "읽기 시작"
    DOWNLOAD = "download", "내려받기"
    READ = "read", "읽음"
    PARTICIPATE = "participate", "참여"
    RESTART = "restart", "다시 학습"  # a fresh attempt: progress and completion start over (see restart_attempt)


class CompletionSource(models.TextChoices):
    ONLINE = "online", "온라인"
    OFFLINE = "offline", "집합"
    IMPORTED = "imported", "가져오기"
