"""Production: PostgreSQL, an S3 API, Elasticsearch, Redis, workers on several machines."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env, env_bool

DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY 환경 변수에 50자 이상의 임의 값을 설정해야 운영 설정으로 시작할 수 있습니다."
    )

# SCORM packages run vendors' scripts: they must be served from a host of their own (README, "SCORM").
if not env("SCORM_CONTENT_ORIGIN"):
    raise ImproperlyConfigured(
        "SCORM_CONTENT_ORIGIN 환경 변수에 SCORM 콘텐츠 전용 주소(예: https://scorm.lms.example)를 설정해야 합니다."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the one nginx of README's set-up; without it every login would share nginx's address.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# X_FRAME_OPTIONS is SAMEORIGIN (base.py), matching the CSP's frame-ancestors 'self'.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
