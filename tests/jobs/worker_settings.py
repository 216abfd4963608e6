"""Settings for worker subprocesses started by tests: the database task backend against the
test database and the test's media directory (both passed in the environment)."""

import os
from pathlib import Path

from lms.settings.test import *  # noqa: F401,F403
from lms.settings.test import DATABASES, JOBS_SCRATCH_ROOT

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "media"]}}
DATABASES["default"]["NAME"] = os.environ["LMS_TEST_DATABASE_NAME"]
MEDIA_ROOT = Path(os.environ["LMS_TEST_MEDIA_ROOT"])
JOBS_SCRATCH_ROOT = os.environ.get("LMS_TEST_SCRATCH_ROOT") or JOBS_SCRATCH_ROOT
# Read the source at its own pace so a test can kill the worker mid-transcode.
MEDIA_FFMPEG_READRATE = float(os.environ.get("LMS_TEST_FFMPEG_READRATE", "1"))
MEDIA_TRANSCODE_TIMEOUT = float(os.environ.get("LMS_TEST_TRANSCODE_TIMEOUT", "3600"))
JOBS_BACKOFF_SECONDS = 0
if os.environ.get("LMS_TEST_REDIS_URL"):  # the beat queue's writer (tests/records/test_beat_queue.py)
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["LMS_TEST_REDIS_URL"],
            "KEY_PREFIX": os.environ["LMS_TEST_CACHE_PREFIX"],
        }
    }
    RECORDS_BEAT_QUEUE = True
JOBS_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("LMS_TEST_WORKER_HEARTBEAT", "5"))
JOBS_WORKER_LIVENESS_SECONDS = float(os.environ.get("LMS_TEST_WORKER_LIVENESS", "90"))
