"""Child processes that must not outlive the process that started them."""

import ctypes
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """`preexec_fn` for a child killed with SIGKILL when its parent dies (Linux; a no-op elsewhere)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass
