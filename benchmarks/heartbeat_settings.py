"""Settings for the heartbeat benchmark: the normal stack, plus two comparison views in the URLconf."""

from lms.settings.base import *  # noqa: F401,F403

DEBUG = False
ROOT_URLCONF = "benchmarks.heartbeat_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
