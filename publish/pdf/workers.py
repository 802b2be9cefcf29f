"""Worker processes that never outlive the build.

The vertical PDF is laid out by several processes at once. Ctrl-C, SIGTERM
or a failure in one of them stops them all at once (``Pool.terminate``, not a
wait for the pages under way), and a worker whose parent is gone — even
killed with SIGKILL — is killed by the kernel (Linux's parent-death signal).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections.abc import Iterator
from multiprocessing.pool import Pool

_PR_SET_PDEATHSIG = 1


def _worker_start(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl: nobody will wait for us
        os._exit(1)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[Pool]:
    """A pool of forked workers, closed when done and terminated on any exception or interruption."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
