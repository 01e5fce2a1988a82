"""Linux namespaces for one worker: its own PIDs, network, mounts and (for a non-root grader) user.

Python 3.11 has no os.unshare or os.mount, so libc's are called through ctypes.
Every worker runs the learner's code as PID 1 of a new PID namespace: when it
ends, the kernel kills every process left inside, and its /proc shows nothing
outside. A root forkserver forks each worker straight into a new PID namespace
(`pid_namespace_per_fork`). Elsewhere the worker that calls `enter()` forks once
more, and the child is PID 1; the parent stays behind only to wait and to hand
the child's exit status on, so the judge sees a segfault as a segfault. That
second fork of a process holding torch costs about 30 ms.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import stat
from collections.abc import Iterable

from autograd_kit.sandbox.kernel import lifetime

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
SYS_CAPSET = 126 if platform.machine() in ("x86_64", "AMD64") else 91  # aarch64 and the generic table use 91


class NamespaceError(OSError):
    pass


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise NamespaceError(error, f"{what}: {os.strerror(error)}")


def unshare(flags: int) -> None:
    _check(_libc().unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    _check(_libc().mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                         ctypes.c_ulong(flags), data.encode() if data else None), f"mount {target}")


def pid_namespace_per_fork() -> bool:
    """In the forkserver: make every process it forks from now on PID 1 of a PID namespace of its own.

    unshare(CLONE_NEWPID) moves only the next child into a new namespace, and
    works once, so each fork is wrapped: unshare before, and in the parent, setns
    back to its own namespace after. That needs CAP_SYS_ADMIN over this
    process's PID namespace (a root grader). False where it is refused, and then
    each worker forks once more itself (enter()).
    """
    try:
        own = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    libc = _libc()

    def wrap_next_fork() -> int:
        return libc.unshare(ctypes.c_int(CLONE_NEWPID))

    def restore() -> int:
        return libc.setns(ctypes.c_int(own), ctypes.c_int(CLONE_NEWPID))

    # Tried in a throwaway child first: an unshare that could not be undone would leave this
    # process unable to fork a second worker.
    probe = os.fork()
    if probe == 0:
        os._exit(0 if wrap_next_fork() == 0 and restore() == 0 else 1)
    _, status = os.waitpid(probe, 0)
    if status != 0:
        os.close(own)
        return False
    # A hook that fails later only means the next worker makes its own namespace (enter() sees it is not PID 1).
    os.register_at_fork(before=wrap_next_fork, after_in_parent=restore)
    return True


def enter(as_root: bool) -> None:
    """New PID, network, IPC, UTS and mount namespaces (and a user namespace when not root).

    A worker the forkserver made PID 1 already takes the others and goes on. Any
    other forks: this returns in the child, PID 1 of the new PID namespace; the
    parent never returns.
    """
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    forked_as_pid_1 = os.getpid() == 1  # by the forkserver (pid_namespace_per_fork)
    if forked_as_pid_1:
        flags &= ~CLONE_NEWPID
    if as_root:
        unshare(flags)
    else:
        _own_user_namespace(flags)
    if forked_as_pid_1:
        return
    lifetime.die_with_parent()  # this side stays behind, and dies with the judge's forkserver
    child = os.fork()
    if child == 0:
        lifetime.die_with_parent()  # and the child with it
        return
    _wait_and_hand_on(child)


def _own_user_namespace(flags: int) -> None:
    """unshare a new user namespace (with FLAGS) where this process's user is the same inside as outside:
    no new power over anything outside it."""
    uid, gid = os.getuid(), os.getgid()
    unshare(flags | CLONE_NEWUSER)
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as file:
            file.write(text)


def _wait_and_hand_on(child: int) -> None:
    """Become an empty shell that exits the way the child did.

    SIGTERM keeps its default: it ends this shell, and the child with it (its death signal)."""
    os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
    for number in (signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_IGN)
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except ChildProcessError:
            os._exit(70)
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        _limit_core_dumps()
        signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {number})
        os.kill(os.getpid(), number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


def _limit_core_dumps() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass


# What a worker has no business seeing: other programs' sockets and files (syslog's /dev/log, D-Bus, X11,
# the user's runtime folder) and what the judge left in /tmp. Each is covered in the worker's mount namespace.
HIDDEN = ("/tmp", "/run", "/var/run", "/dev/log")


def private_mounts(tmp_size_mb: int, scratch: str, uid: int, gid: int, hidden: Iterable[str] = (),
                   keep: Iterable[str] = ()) -> list[str]:
    """Mounts seen only here: HIDDEN (and HIDDEN's extras) covered with nothing, a fresh, size-limited
    scratch folder (over the judge's empty one), /dev/shm, and /proc for the new PIDs. Whatever the
    worker writes vanishes with its mount namespace. A folder that holds one of KEEP (Python) stays
    as it is. Returns what was covered."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    covered = cover(list(dict.fromkeys([*HIDDEN, *hidden])), list(keep))
    os.makedirs(scratch, mode=0o700, exist_ok=True)  # again, where a cover hid it
    mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_size_mb}m,mode=0700")
    os.chown(scratch, uid, gid)
    if os.path.isdir("/dev/shm"):
        mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, f"size={tmp_size_mb // 2}m,mode=1777")
    try:
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except NamespaceError:
        pass  # a container may lock /proc; Landlock keeps the worker out of it anyway
    return covered


def cover(paths: list[str], keep: list[str]) -> list[str]:
    """An empty, read-only-to-others tmpfs over each folder in PATHS, /dev/null over each other file
    (a socket); a missing path, a link (/var/run -> /run) or a folder above one of KEEP is left alone."""
    covered = []
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        real = os.path.realpath(path)
        if stat.S_ISLNK(info.st_mode) or any(k == real or k.startswith(real.rstrip(os.sep) + os.sep) for k in keep):
            continue
        if stat.S_ISDIR(info.st_mode):
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m,mode=0755")
        else:
            mount("/dev/null", path, None, MS_BIND)
        covered.append(path)
    return covered


def searchable(path: str, uid: int, gids: Iterable[int]) -> bool:
    """Whether UID (in GIDS) may pass through the directory PATH, by its mode bits."""
    info = os.stat(path)
    if info.st_uid == uid:
        return bool(info.st_mode & stat.S_IXUSR)
    if info.st_gid in set(gids):
        return bool(info.st_mode & stat.S_IXGRP)
    return bool(info.st_mode & stat.S_IXOTH)


def reachable(path: str, uid: int, gid: int) -> bool:
    """Whether UID may pass through every folder down to PATH, by the mode bits."""
    parts = os.path.realpath(path).split(os.sep)
    try:
        return all(searchable(os.sep.join(parts[:depth]) or os.sep, uid, [gid]) for depth in range(1, len(parts) + 1))
    except OSError:
        return False


def make_reachable(paths: Iterable[str], uid: int, gid: int) -> list[str]:
    """Let UID reach PATHS through folders it may not pass (Python inside /root, mode 0700).

    Here only, in this worker's mount namespace: each such folder is covered with an
    empty tmpfs, and the entries on the way to PATHS are bound back in, so the paths
    stay the same and nothing else in the folder shows. Returns the folders covered.
    """
    covered: list[str] = []
    for _ in range(32):  # each pass fixes the shallowest blocked folder of every path
        blocked: dict[str, set[str]] = {}
        for path in paths:
            parts = os.path.realpath(path).split(os.sep)
            for depth in range(1, len(parts)):
                folder = os.sep.join(parts[:depth]) or os.sep
                if not searchable(folder, uid, [gid]):
                    blocked.setdefault(folder, set()).add(parts[depth])
                    break
        if not blocked:
            return covered
        folder = min(blocked, key=lambda f: f.count(os.sep))
        keep = {name: os.open(os.path.join(folder, name), os.O_PATH | os.O_CLOEXEC) for name in blocked[folder]}
        try:
            mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
            for name, fd in keep.items():
                target = os.path.join(folder, name)
                if stat.S_ISDIR(os.fstat(fd).st_mode):
                    os.mkdir(target)
                else:
                    open(target, "w").close()
                mount(f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC)
        finally:
            for fd in keep.values():
                os.close(fd)
        covered.append(folder)
    raise NamespaceError(0, f"cannot make {list(paths)} reachable")


def drop_capabilities() -> None:
    """Give up the capabilities a new user namespace grants its first process."""

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header = Header(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (Data * 2)()
    libc = _libc()
    _check(libc.syscall(ctypes.c_long(SYS_CAPSET), ctypes.byref(header), data), "capset")
