"""Child side: what learner code may not do, enforced before it is imported.

- As root (Gradescope, most containers), the worker becomes an unprivileged
  user, so it can neither write the grader's results nor signal the judge.
- Starting processes is refused, and on Linux RLIMIT_NPROC caps what a
  ctypes-level fork could still create.
- An audit hook (PEP 578, cannot be removed from Python) refuses to open the
  kit's solutions/ and tests/, and to write anywhere but the scratch folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from autograd_kit.i18n import tr

PROCESS_EVENTS = frozenset({
    "os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
    "subprocess.Popen", "os.startfile", "pty.spawn",
})
SIGNAL_EVENTS = frozenset({"os.kill", "os.killpg", "signal.pthread_kill"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
SPARE_TASKS = 64  # threads and processes the worker may still start (torch starts a few threads)


class Refused(PermissionError):
    """Learner code tried something the grader does not allow."""


def lock(scratch_dir: str, protected: list[str]) -> None:
    import tempfile

    # tempfile works, inside the one folder learner code may write to.
    os.environ["TMPDIR"] = tempfile.tempdir = scratch_dir
    if os.name == "posix" and os.geteuid() == 0:
        _become_nobody(scratch_dir)
    if sys.platform.startswith("linux"):
        _limit_tasks()
    sys.addaudithook(_Hook(scratch_dir, protected))


def _become_nobody(scratch_dir: str) -> None:
    import pwd

    try:
        user = pwd.getpwnam("nobody")
        uid, gid = user.pw_uid, user.pw_gid
    except KeyError:
        uid = gid = 65534
    try:
        os.chown(scratch_dir, uid, gid)
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    except OSError:
        pass  # a root without these capabilities (some containers); the hook below still applies


def _limit_tasks() -> None:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_NPROC, (_tasks_of(os.getuid()) + SPARE_TASKS,) * 2)
    except (ValueError, OSError):
        pass  # the hook below still refuses Python-level process creation


def _tasks_of(uid: int) -> int:
    """Threads of every process of UID: what RLIMIT_NPROC counts on Linux."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            total += int(fields.get("Threads", "1").strip() or 1)
    return total


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
