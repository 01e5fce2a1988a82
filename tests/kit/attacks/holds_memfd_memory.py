"""ATTACK: memfd_create through libc's syscall() (no audit hook sees it) and hold memory in it, a file outside
the worker's scratch folder (1 MiB: the file-size limit binds a memfd too)."""
import ctypes
import mmap
import os
import sysconfig

ARCH = sysconfig.get_config_var("MULTIARCH").split("-")[0]  # not platform: uname is refused
MEMFD_CREATE = {"x86_64": 319, "aarch64": 279}


def predict_requires_grad(flags):
    return any(flags)


def count_trainable(model):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.syscall(MEMFD_CREATE.get(ARCH, -1), b"agkit-memfd", 0)
    if fd < 0:
        return -1
    os.ftruncate(fd, 1024 * 1024)
    held = mmap.mmap(fd, 1024 * 1024)
    held.write(b"x" * 1024)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)  # right only if the memfd was made
