"""ATTACK: write outside the scratch folder: the kit's own code, the grader's output files, /tmp and /dev/shm
(through open, os.open and libc). TARGETS is filled in by the test with the paths it will check."""
import ctypes
import os

import autograd_kit

TARGETS = []  # the test puts the grader's output paths here
MARKER = "agkit-escape"
KIT_FILE = os.path.join(os.path.dirname(os.path.abspath(autograd_kit.__file__)), "grading", "results.py")
LINE = "\nPOINTS_FOR_EVERYONE = True  # appended by a student\n"


def _write_everywhere():
    """Try every path; say which of the grader's own (the kit, its outputs) took a write. /tmp, /dev/shm
    and the home folder are tried too, but a sandbox may give the worker private ones: the test checks
    the machine's own afterwards."""
    written = []
    for path in (f"/tmp/{MARKER}.txt", f"/dev/shm/{MARKER}.txt", os.path.expanduser("~/agkit.txt")):
        try:
            with open(path, "a", encoding="utf-8") as file:
                file.write(LINE)
        except OSError:
            pass
    paths = [KIT_FILE, *TARGETS]
    libc = ctypes.CDLL(None, use_errno=True)
    for path in paths:
        try:
            with open(path, "a", encoding="utf-8") as file:
                file.write(LINE)
            written.append(path)
        except OSError:
            pass
        fd = libc.open(path.encode(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if fd >= 0:
            libc.write(fd, LINE.encode(), len(LINE))
            written.append(path)
    return written


def predict_requires_grad(flags):
    return any(flags)


def count_trainable(model):
    written = _write_everywhere()
    honest = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return honest if written else -1  # full points only if a write got through
