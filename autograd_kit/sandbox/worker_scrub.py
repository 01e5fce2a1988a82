"""What a worker forgets of the judge before learner code runs.

multiprocessing hands a worker more than its arguments: the preparation data (the judge's argv, its working
folder, its authkey), the pickled Process (its target's arguments: the WorkerSetup, the boot nonce), and,
forked from the forkserver, that server's state (its socket's address, the descriptor that keeps it alive).
Learner code shares the worker's memory, so whatever is still referenced is one gc.get_objects() away.
Everything here is dropped or overwritten; what the worker still needs it keeps in locals of its own.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.process
import os
import sys
from pathlib import Path

NEUTRAL_ARGV = ["autograd-kit-worker"]
_PACKAGE = Path(__file__).resolve().parents[2]  # the folder that holds autograd_kit/: still needed on sys.path


def forget_the_judge() -> None:
    """Drop the judge's secrets and surroundings from this process; the caller has already taken what it needs."""
    process = multiprocessing.current_process()
    process.authkey = os.urandom(32)  # a key of its own: the judge's opens nothing from here
    if isinstance(process, multiprocessing.process.BaseProcess):
        process._args, process._kwargs = (), {}  # the WorkerSetup, with the boot nonce, and the pipes
    _forget_where_the_judge_ran()
    _forget_the_forkserver()
    _forget_the_preparation_data()
    gc.collect()  # what only those references kept alive goes now, before any learner code can look


def _forget_where_the_judge_ran() -> None:
    original = multiprocessing.process.ORIGINAL_DIR
    multiprocessing.process.ORIGINAL_DIR = None
    sys.argv = list(NEUTRAL_ARGV)
    sys.orig_argv = list(NEUTRAL_ARGV)
    if original and not _PACKAGE.is_relative_to(Path(original).resolve()):
        sys.path[:] = [p for p in sys.path if p not in (original, "")]
        for entry in [e for e in sys.path_importer_cache if e in (original, "")]:
            del sys.path_importer_cache[entry]  # its finder names the folder too


def _forget_the_forkserver() -> None:
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(forkserver, "_forkserver", None)
    if server is None:
        return
    for name in ("_forkserver_address", "_forkserver_alive_fd", "_forkserver_pid", "_inherited_fds"):
        if hasattr(server, name):
            setattr(server, name, None)


def _forget_the_preparation_data() -> None:
    """Below ours on the stack: spawn._main's preparation data (authkey, argv, the judge's folders) and the
    forkserver's main() with the judge's sys.path. Dicts and lists: emptied in place."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_name
        if name == "_main" and isinstance(frame.f_locals.get("preparation_data"), dict):
            frame.f_locals["preparation_data"].clear()
        if name == "main" and frame.f_code.co_filename.endswith("forkserver.py"):
            for value in frame.f_locals.values():
                if isinstance(value, (list, dict)) and value is not sys.path:
                    value.clear()
        frame = frame.f_back
    del frame
