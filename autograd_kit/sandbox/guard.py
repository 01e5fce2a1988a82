"""Child side: the first, friendly layer of what learner code may not do, in Python.

An audit hook (PEP 578; Python code cannot remove it) refuses to start
processes, to signal other processes, to open the kit's solutions/ and tests/,
and to write anywhere but the scratch folder, with a message that says why.
It sees only what Python does with path strings, so it is not the boundary:
on Linux the kernel is (confinement.py). Elsewhere it is what there is.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from autograd_kit.i18n import tr

PROCESS_EVENTS = frozenset({
    "os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
    "subprocess.Popen", "os.startfile", "pty.spawn",
})
SIGNAL_EVENTS = frozenset({"os.kill", "os.killpg", "signal.pthread_kill"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class Refused(PermissionError):
    """Learner code tried something the grader does not allow."""


def lock(scratch_dir: str, protected: list[str]) -> None:
    import sys
    import tempfile

    # tempfile works, inside the one folder learner code may write to.
    os.environ["TMPDIR"] = tempfile.tempdir = scratch_dir
    sys.addaudithook(_Hook(scratch_dir, protected))


class _Hook:
    def __init__(self, scratch_dir: str, protected: list[str]) -> None:
        self.scratch = os.path.realpath(scratch_dir)
        self.protected = [os.path.realpath(p) for p in protected]
        self.pid = os.getpid()

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            self._check_open(*args[:3])
        elif event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, Path)):
            self._check_read(args[0])
        elif event in PROCESS_EVENTS:
            raise Refused(tr("the grader does not let exercise code start processes ({event})", event=event))
        elif event in SIGNAL_EVENTS and not (event == "os.kill" and args and args[0] == self.pid):
            raise Refused(tr("the grader does not let exercise code send signals to other processes ({event})",
                             event=event))

    def _check_open(self, path: Any, mode: Any = None, flags: Any = None) -> None:
        if not isinstance(path, (str, bytes, os.PathLike)):
            return  # an already open file descriptor
        self._check_read(path)
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS)
        if writing and not _inside(_real(path), self.scratch):
            raise Refused(tr("the grader does not let exercise code write files outside its scratch folder ({path})",
                             path=repr(path)))

    def _check_read(self, path: Any) -> None:
        real = _real(path)
        if any(_inside(real, folder) for folder in self.protected):
            raise Refused(tr("the grader does not let exercise code read the kit's solutions or checks"))


def _real(path: Any) -> str:
    raw = os.fsdecode(path)
    return os.path.realpath(raw)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
