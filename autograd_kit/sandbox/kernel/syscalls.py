"""A seccomp filter: system calls no exercise needs, refused by the kernel (a second layer behind Landlock).

The filter is built by libseccomp through `pyseccomp` (a thin ctypes binding):
libseccomp knows every architecture's syscall numbers, and kills a call made
through another ABI (x32 on x86_64) instead of letting it slip past. Refused
here: looking into or steering other processes (ptrace, process_vm_*,
pidfd_getfd, kcmp), new namespaces and mounts, opening files by handle (which
skips path checks), io_uring (whose operations skip this filter), BPF, perf,
keyrings, and loading kernel code.
"""

from __future__ import annotations

import errno

# Loaded when the kit is imported (in the forkserver, before any worker exists): pyseccomp looks for
# libseccomp with ldconfig, which a worker behind Landlock could no longer run.
try:
    import pyseccomp
except (ImportError, RuntimeError, OSError) as _problem:  # pyseccomp raises RuntimeError without libseccomp
    pyseccomp = None
    _MISSING = str(_problem)

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "pidfd_getfd", "kcmp",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "perf_event_open", "userfaultfd",
    "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "reboot", "swapon", "swapoff", "syslog", "acct", "quotactl", "iopl", "ioperm",
    "fanotify_init", "lookup_dcookie", "uselib", "vhangup",
)
# CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
CLONE_NEW_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080)


class SeccompUnavailable(OSError):
    """libseccomp or the pyseccomp binding is missing."""


def restrict_self() -> dict[str, object]:
    """Load the filter into this process (and its future children); say how many calls it refuses."""
    if pyseccomp is None:
        raise SeccompUnavailable(_MISSING)
    refuse = pyseccomp.ERRNO(errno.EPERM)
    rules = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    count = 0
    for name in DENIED:
        try:
            rules.add_rule(refuse, name)
            count += 1
        except (OSError, ValueError, RuntimeError):
            continue  # not a system call on this architecture
    # clone with a CLONE_NEW* flag makes namespaces too; clone3 passes its flags in memory the
    # filter cannot read, so it says "not implemented" and libc falls back to clone.
    for flag in CLONE_NEW_FLAGS:  # rules for one call are alternatives: any of these bits is refused
        rules.add_rule(refuse, "clone", pyseccomp.Arg(0, pyseccomp.MASKED_EQ, flag, flag))
    try:
        rules.add_rule(pyseccomp.ERRNO(errno.ENOSYS), "clone3")
    except (OSError, ValueError, RuntimeError):
        pass
    rules.load()
    return {"refused": count}
