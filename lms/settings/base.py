"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment variables
(see the table in README.md); the defaults here run the whole platform with no server:
SQLite, local media, Wagtail's database search and the database task backend.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms.people",
    "lms.home",
    "lms.jobs",
    "lms.records",
    "lms.programmes",
    "lms.surveys",
    "lms.evaluation",
    "lms.hr",
    "courses",
    "courses.scorm",
    "courses.knowledge_trip",
    "courses.campaigns",
    "webtoons",
    "media_pipeline",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "storages",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a cookie or resolves a URL: requests to SCORM_CONTENT_ORIGIN's host see the
    # package URLs only, without cookies.
    "courses.scorm.middleware.ContentOriginMiddleware",
    "lms.home.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.home.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused login into the Korean "try again at" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/lms; default an SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server write the same file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
# django-axes first: it refuses a throttled login before any password is checked. Then ModelBackend
# with the signed-in user read from the cache (see lms/people/backends.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "lms.people.backends.CachedModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A CSRF failure answers in Korean like every other error (lms/home/errors.py).
CSRF_FAILURE_VIEW = "lms.home.errors.csrf_failure"
LOGIN_URL = "login"

# Login throttling (django-axes). An account is refused for LOGIN_COOLOFF_MINUTES after
# LOGIN_FAILURE_LIMIT wrong passwords from anywhere (one account guessed from many addresses), and so
# is a client address after as many failures on any accounts (직원번호 are sequential: one address
# trying one password on account after account). Refusals end by themselves: a throttle, never a
# permanent lock; HR can lift one earlier (admin › 로그인 보안). A failure during a refusal does not
# extend it, so an attacker cannot keep an account locked longer than the cool-off by hammering it.
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login does not wipe the count: axes would then also wipe the address's failures on other
# accounts, and an attacker could reset their own address by signing in to their own account now and then.
# Failures are forgotten LOGIN_COOLOFF_MINUTES after the last one instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "lms.home.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lms.home.throttling.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # HR reads and lifts refusals in the Wagtail admin (Korean), not Django's admin
AXES_VERBOSE = False  # no banner at start-up; lockouts are still logged as warnings
# How many reverse proxies in front of Django append to X-Forwarded-For (nginx:
# `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`). 0: the client is REMOTE_ADDR and the
# header is ignored, since anyone can send it. Production behind the documented nginx: 1.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Korean first, and only: with one language Django's default (LANGUAGE_CODE) is always the active one,
# so there is no LocaleMiddleware to negotiate it on every request.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# The project's own ko messages come first: they complete Wagtail's catalogue and correct it (locale/;
# compiled by `make messages`).
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ko", "한국어")]
WAGTAIL_CONTENT_LANGUAGES = [("ko", "한국어")]
WAGTAIL_SITE_NAME = "서울시 민원서비스 학습터"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# Static files. Front-end libraries come from npm (package.json + lock file) and are served
# straight from node_modules/, never copied into the repository.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES = BASE_DIR / "node_modules"
for prefix, path in [
    ("vendor/hls.js", NODE_MODULES / "hls.js" / "dist"),
    ("vendor/scorm-again", NODE_MODULES / "scorm-again" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]:
    if path.is_dir():
        STATICFILES_DIRS.append((prefix, path))

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

# Object storage: set AWS_STORAGE_BUCKET_NAME to store media on any S3 API; default local disk.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", "ap-northeast-2")
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
    AWS_DEFAULT_ACL = None  # the bucket stays private; every read goes through a signed URL
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = int(env("AWS_QUERYSTRING_EXPIRE", "600"))
    AWS_S3_FILE_OVERWRITE = False
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
        # Private files: their own bucket if set, else a prefix of the media bucket; never given a URL.
        "private": {
            "BACKEND": "lms.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": env("PRIVATE_STORAGE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME),
                "location": env("PRIVATE_STORAGE_PREFIX", "private"),
            },
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "lms.storage.PrivateFileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
# Private files on local disk (roster uploads, exports): outside MEDIA_ROOT, which development serves by URL.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))

# Search: ELASTICSEARCH_URL switches Wagtail to Elasticsearch (with the analysis-nori plugin); default the
# database backend, which indexes text analysed by SEARCH_ANALYSER (search/analysis.py).
SEARCH_ANALYSER = env("SEARCH_ANALYSER", "mecab")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# Korean analysis on Elasticsearch: nori with decompounding (악성민원 → 악성민원 + 악성 + 민원), particles and
# endings dropped by part of speech, hanja read as hangul. search.elasticsearch adds the user dictionary's
# rules and synonyms when it creates the index.
NORI_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "tokenizer": {
                "korean_tokenizer": {"type": "nori_tokenizer", "decompound_mode": "mixed", "discard_punctuation": True},
            },
            "filter": {
                "korean_part_of_speech": {
                    "type": "nori_part_of_speech",
                    "stoptags": [
                        "E", "IC", "J", "MAG", "MAJ", "MM", "SP", "SSC", "SSO", "SC", "SE",
                        "XPN", "XSA", "XSN", "XSV", "UNA", "NA", "VSV", "VCP", "VCN", "VX",
                    ],
                },
                "korean_synonyms": {"type": "synonym_graph", "synonyms": [], "lenient": True},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "korean_tokenizer",
                    "filter": ["korean_part_of_speech", "nori_readingform", "lowercase"],
                },
                "default_search": {
                    "type": "custom",
                    "tokenizer": "korean_tokenizer",
                    "filter": ["korean_part_of_speech", "nori_readingform", "lowercase", "korean_synonyms"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "korean_tokenizer",
                    "filter": ["korean_part_of_speech", "nori_readingform", "lowercase", "edgengram"],
                },
            },
        }
    }
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            # modelsearch names each index INDEX_PREFIX + the model's index name ("lms_wagtailcore_page").
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX", "lms") + "_",
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": NORI_INDEX_SETTINGS,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Cache: REDIS_URL, e.g. redis://127.0.0.1:6379/0; default local memory.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per server; Django's own backend builds a new one per call.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lms"),
            # Redis down degrades, never fails: a failed cache call is a miss (pages come from the database),
            # a dead server is not waited for long, and not tried again for a few seconds (lms/home/redis_pool.py).
            # The socket timeout stays above the beat writers' 1 s blocking read.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 2,
                "CONNECTION_POOL_CLASS": "lms.home.redis_pool.FailFastConnectionPool",
            },
        }
    }
    # Sessions are read on every request (heartbeats every 15 s per viewer): read them from Redis,
    # keep writing them to the database so a Redis restart logs nobody out, and read from there while
    # Redis is down (cached_db with the cached copy capped at 5 minutes: see lms/home/sessions.py).
    SESSION_ENGINE = "lms.home.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Heartbeats queued in Redis and stored in batches by `write_beats` (started by run_worker); without
# Redis each beat is stored before its answer. See lms/records/beat_queue.py.
RECORDS_BEAT_QUEUE = bool(REDIS_URL) and env_bool("RECORDS_BEAT_QUEUE", True)

# Background tasks: the database backend of django-tasks (shipped as django-tasks-db since 0.12).
# Workers on any number of machines run `manage.py db_worker` against the same database.
TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "media"],
    }
}

# Task workers: run_worker records its workers alive every JOBS_WORKER_HEARTBEAT_SECONDS; a worker silent for
# JOBS_WORKER_LIVENESS_SECONDS is dead (its machine with it) and its tasks are re-queued (lms/jobs/services.py).
# Workers keep temporary files (transcodes) under JOBS_SCRATCH_ROOT/<worker id>, removed once the worker is dead.
JOBS_WORKER_HEARTBEAT_SECONDS = float(env("JOBS_WORKER_HEARTBEAT_SECONDS", "5"))
JOBS_WORKER_LIVENESS_SECONDS = float(env("JOBS_WORKER_LIVENESS_SECONDS", "90"))
JOBS_SCRATCH_ROOT = env("JOBS_SCRATCH_ROOT")  # default: <system temporary directory>/lms-jobs

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@lms.seoul.go.kr")

# Uploads stream to a temporary file past 2.5 MB instead of being held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
WAGTAILDOCS_EXTENSIONS = ["pdf"]

# Roster import: a full import deactivating more than this share of active staff must be confirmed by
# typing the number (lms/people/roster.py).
ROSTER_DEACTIVATION_CONFIRM_SHARE = float(env("ROSTER_DEACTIVATION_CONFIRM_SHARE", "0.10"))

# HR's exports (lms/hr): those reading more completion records than this are made by a background task;
# a file can be downloaded for HR_EXPORT_RETENTION_HOURS after it was made, then it is deleted.
HR_EXPORT_BACKGROUND_ROWS = int(env("HR_EXPORT_BACKGROUND_ROWS", "20000"))
HR_EXPORT_RETENTION_HOURS = float(env("HR_EXPORT_RETENTION_HOURS", "24"))

# SCORM packages (courses.scorm): upload limits against zip bombs, commit size, content grant lifetime.
SCORM_MAX_FILES = int(env("SCORM_MAX_FILES", "5000"))
SCORM_MAX_UNCOMPRESSED_BYTES = int(env("SCORM_MAX_UNCOMPRESSED_BYTES", str(1024 * 1024 * 1024)))
SCORM_MAX_COMMIT_BYTES = 1_000_000
# The most wall-clock time one SCORM launch is credited, however long the SCO stays open.
SCORM_SESSION_CAP_SECONDS = int(env("SCORM_SESSION_CAP_SECONDS", str(2 * 3600)))

# Content-Security-Policy (django-csp; lms/home/csp.py adds the storage's origin, the admin's and the SCORM
# package's policies). Scripts and styles come from this server only; an inline script needs
# nonce="{{ request.csp_nonce }}"; JSON data blocks (json_script) are not scripts and need nothing.
# SCORM packages and their player are served from an origin of their own (courses/scorm/middleware.py),
# which the platform's cookies never reach; in development the same server under its other host name.
SCORM_CONTENT_ORIGIN = env("SCORM_CONTENT_ORIGIN", "http://localhost:8000").rstrip("/")
ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlsplit(SCORM_CONTENT_ORIGIN).hostname]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the empty favicon (base.html)
        # hls.js feeds the <video> through MediaSource (blob: URLs), from a worker it starts from a blob.
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-src": ["'self'"],  # and SCORM_CONTENT_ORIGIN
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# The same rule as frame-ancestors 'self', for browsers that only know the older header. Wagtail's
# admin shows page previews in a same-origin iframe, so DENY would break editing.
X_FRAME_OPTIONS = "SAMEORIGIN"
# The admin would otherwise load avatars from gravatar.com and ask releases.wagtail.org for updates:
# third parties the policy does not allow (and staff e-mail hashes should not leave the network).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor point editors at guide.wagtail.org (English, and out of reach on the city's closed network): no
# "what's new" banner; the help menu's links to it are taken out in lms/home/wagtail_hooks.py.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print every django.* record a second time beside the root's
        # (runserver's "Watching for file changes" twice): its records go to the root's handler alone.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page created or published at INFO; demo loading would drown the console.
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
        "axes": {"level": "WARNING"},  # lockouts are warnings; every sign-in would otherwise log a line
    },
}
