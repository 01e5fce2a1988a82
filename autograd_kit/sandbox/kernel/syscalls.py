"""A seccomp allowlist: the system calls a worker was measured to need, and nothing else (behind Landlock).

The list is allowed_syscalls.txt, one call a line, made by `grader.py dev
syscalls` (syscall_census.py), which traces grades of the solutions, the stubs
and the kit's wrong answers from the point where the filter is loaded. Every
other call fails with EPERM, so Python raises a readable PermissionError; a
call made through another ABI (x32 on x86_64) kills the process. Never allowed
whatever a trace shows: sockets and socketpairs, and connect (a worker talks
to its judge over pipes it already holds, so the host's UNIX sockets and the forkserver's
stay out of reach), new processes (clone only with CLONE_THREAD, never with a
namespace flag; fork and vfork refused; clone3 says ENOSYS, as its flags lie in
memory a filter cannot read, and libc falls back to clone), memfd_create, and,
for ioctl, prctl and fcntl, a request, option or command the trace did not
show. mmap and mprotect keep PROT_EXEC: importing a C extension that torch had
not loaded maps its code, and ctypes can call any libc function anyway, so what
the filter guards is the kernel's calls, not which code runs.

The filter is built by libseccomp through `pyseccomp` (a thin ctypes binding),
which knows every architecture's syscall numbers.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

# Loaded when the kit is imported (in the forkserver, before any worker exists): pyseccomp looks for
# libseccomp with ldconfig, which a worker behind Landlock could no longer run.
try:
    import pyseccomp
except (ImportError, RuntimeError, OSError) as _problem:  # pyseccomp raises RuntimeError without libseccomp
    pyseccomp = None
    _MISSING = str(_problem)

ALLOWLIST = Path(__file__).with_name("allowed_syscalls.txt")
# Calls whose listed values are allowed only for this argument: ioctl's request, prctl's option, fcntl's command.
CHECKED_ARGUMENT = {"ioctl": 1, "prctl": 0, "fcntl": 1}
# Refused even if a trace shows them (a census of a sandbox that let them through must not widen it).
NEVER = ("socket", "socketpair", "connect", "fork", "vfork", "clone3", "memfd_create", "unshare", "setns", "ptrace")
# Allowed though a trace may not show them: the kernel itself makes this one, to resume a sleep (the judge's
# SIGALRM, a timer) that a signal interrupted.
UNMEASURED = {"restart_syscall": "the kernel resumes a sleep a signal interrupted (traces seldom show it)"}
CLONE_THREAD = 0x00010000
# CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
CLONE_NEW_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80
MARKER = "/autograd-kit: the seccomp filter would load here"
MARKER_CALLS = ("access", "faccessat", "faccessat2")  # what os.access makes: rare, so a trace can wait for it


class SeccompUnavailable(OSError):
    """libseccomp or the pyseccomp binding is missing."""


def read_allowlist(path: Path = ALLOWLIST) -> dict[str, frozenset[int]]:
    """The allowlist file: each call, with the values its checked argument may take (empty: any)."""
    allowed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            allowed[words[0]] = frozenset(int(w, 0) for w in words[1:])
    return allowed


def read_allowlist_comments(path: Path = ALLOWLIST) -> dict[str, str]:
    """Each listed call's comment (why it is needed), kept when the list is measured again."""
    if not path.exists():
        return {}
    comments = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        code, _, comment = line.partition("#")
        if code.split() and comment.strip():
            comments[code.split()[0]] = comment.strip()
    return comments


def restrict_self() -> dict[str, object]:
    """Load the filter into this process (and the threads it starts); say how many calls it allows."""
    if pyseccomp is None:
        raise SeccompUnavailable(_MISSING)
    allow = pyseccomp.ALLOW
    rules = pyseccomp.SyscallFilter(pyseccomp.ERRNO(errno.EPERM))  # BADARCH stays KILL: x32 calls die
    allowed = read_allowlist()
    count = 0
    for name, values in allowed.items():
        if name in NEVER:
            continue
        try:
            if name == "clone":  # threads only: CLONE_THREAD set and no CLONE_NEW* bit, in one masked compare
                mask = CLONE_THREAD | CLONE_NEW_FLAGS
                rules.add_rule(allow, name, pyseccomp.Arg(0, pyseccomp.MASKED_EQ, mask, CLONE_THREAD))
            elif name in CHECKED_ARGUMENT and values:
                for value in values:  # rules for one call are alternatives
                    rules.add_rule(allow, name, pyseccomp.Arg(CHECKED_ARGUMENT[name], pyseccomp.EQ, value))
            else:
                rules.add_rule(allow, name)
            count += 1
        except (OSError, ValueError, RuntimeError):
            continue  # not a system call on this architecture
    rules.add_rule(pyseccomp.ERRNO(errno.ENOSYS), "clone3")
    rules.load()
    return {"allowed": count}


def mark_where_the_filter_would_load() -> None:
    """A failing look at a path no system has: in a trace, the worker's calls after it are what the filter sees."""
    os.access(MARKER, os.F_OK)
