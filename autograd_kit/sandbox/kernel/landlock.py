"""Landlock, the Linux security module that lets a process fence itself in (Linux 5.13+).

Once restricted, the process and everything it starts can open only the paths
the ruleset allows, whatever the path's form (absolute, relative, through
dir_fd, a symlink, /proc/self/fd), whatever the language (Python, torch's C++,
ctypes), and no code in the process can lift it. With ABI 4 it also refuses TCP
bind and connect, and with ABI 6 it keeps signals and abstract unix sockets
inside the sandbox.

The `landlock` package on PyPI (1.0.0.dev5) covers only the file-system rights
of ABI 1 to 5, so the three system calls are made here directly, through ctypes.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass, field

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446  # the same on every architecture
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH, RULE_NET_PORT = 1, 2
PR_SET_NO_NEW_PRIVS = 38

# File-system rights, and the ABI that introduced each.
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
# Network rights (ABI 4) and scopes (ABI 6).
BIND_TCP, CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ = READ_FILE | READ_DIR
READ_WRITE = READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | REFER | TRUNCATE


class LandlockUnavailable(OSError):
    """The kernel has no Landlock (too old, not built in, or disabled at boot)."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _syscall(number: int, *args: object) -> int:
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result


def abi_version() -> int:
    """The kernel's Landlock ABI (0 when there is none)."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return 0
    try:
        return _syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    except OSError:
        return 0


@dataclass
class Ruleset:
    """What a restricted process may still do: read these paths, write those, nothing else."""

    read: list[str] = field(default_factory=list)
    read_write: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # single files and their rights (/dev/null)

    def restrict_self(self) -> dict[str, object]:
        """Apply to this process and its future children; say what was enforced."""
        abi = abi_version()
        if abi < 1:
            raise LandlockUnavailable("this kernel has no Landlock")
        handled_fs = FS_BY_ABI[max(v for v in FS_BY_ABI if v <= abi)]
        attr = _RulesetAttr(handled_fs, BIND_TCP | CONNECT_TCP if abi >= 4 else 0,
                            SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
        size = ctypes.sizeof(attr) if abi >= 6 else 16 if abi >= 4 else 8
        ruleset = _syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
        try:
            for path in self.read:
                self._allow(ruleset, path, READ & handled_fs)
            for path in self.read_write:
                self._allow(ruleset, path, READ_WRITE & handled_fs)
            for path, rights in self.files.items():
                self._allow(ruleset, path, rights & handled_fs & FILE_RIGHTS)
            _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            _syscall(SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
        finally:
            os.close(ruleset)
        return {"abi": abi, "network": abi >= 4, "signals": abi >= 6}

    @staticmethod
    def _allow(ruleset: int, path: str, rights: int) -> None:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return  # a path that does not exist needs no rule
        try:
            rule = _PathBeneath(rights if os.path.isdir(path) else rights & FILE_RIGHTS, fd)
            _syscall(SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule),
                     ctypes.c_uint32(0))
        finally:
            os.close(fd)
