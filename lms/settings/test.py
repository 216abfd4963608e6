from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
JOBS_SCRATCH_ROOT = BASE_DIR / "var" / "test-scratch"  # this checkout's own: other runs' workers are not ours
# Tests run tasks synchronously unless a test opts into the database worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "media"]}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Beats are stored before the answer unless a test opts into the queue (tests/records/test_beat_queue.py).
RECORDS_BEAT_QUEUE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "lms.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if env("TEST_ELASTICSEARCH_URL"):
    ELASTICSEARCH_URL = env("TEST_ELASTICSEARCH_URL")
# The Django test client's own host name beside it, for SCORM's content origin.
SCORM_CONTENT_ORIGIN = "http://scorm.testserver"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "scorm.testserver"]  # noqa: F405
