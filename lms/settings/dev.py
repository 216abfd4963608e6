from .base import *  # noqa: F401,F403

DEBUG = True
INTERNAL_IPS = ["127.0.0.1"]
# This checkout's own scratch: a worker of another checkout on the same machine (another database) takes this
# one's workers for dead and removes their transcodes' files.
JOBS_SCRATCH_ROOT = env("JOBS_SCRATCH_ROOT") or BASE_DIR / "var" / "scratch"  # noqa: F405
