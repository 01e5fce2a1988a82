"""A worker ends when its judge does, and when it is told to.

A judge SIGKILLed (as a batch's watchdog does) runs no clean-up, so the kernel
has to do it: every worker process asks for SIGKILL when its parent dies
(PR_SET_PDEATHSIG). A forkserver worker's parent is the forkserver, which exits
when the judge does; the extra fork of namespaces.enter() sets it on both
sides. The kernel clears the request when a process changes its user, so it
is made again after that, and then the judge is checked for: if it died before,
no signal will come. A worker that is PID 1 of its namespace ignores every
signal it has no handler for, even from outside, so a plain `kill` gets one
that exits.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_PDEATHSIG): {os.strerror(error)}")


def judge_gone(request_fd: int) -> bool:
    """Whether the judge's end of the request pipe is closed: it died (or gave up on this worker).

    getppid() cannot tell here: a PID 1 sees 0 as its parent, whoever that is.
    """
    poller = select.poll()
    poller.register(request_fd, select.POLLHUP)
    return any(events & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, events in poller.poll(0))


def exit_on_sigterm() -> None:
    """SIGTERM ends this process at once, from C: a handler in Python would wait for the
    bytecode loop, which a long call into torch can hold for minutes."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.signal.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.signal.restype = ctypes.c_void_p
    handler = ctypes.cast(libc._exit, ctypes.c_void_p)  # _exit(15): async-signal-safe
    if libc.signal(signal.SIGTERM, handler) == ctypes.c_void_p(-1).value:
        signal.signal(signal.SIGTERM, lambda *_: os._exit(128 + signal.SIGTERM))
