"""How learner processes are started and limited.

This module does not import torch, so the grader can start the forkserver
(which imports torch once, for every worker to inherit) while its own process
is still importing torch: the two imports overlap on two cores.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Environment variables the forkserver, and so every worker, is started with; the rest of the judge's
# environment (a course secret, the batch's folder in a CI variable) never reaches a worker's memory.
KEPT_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "AUTOGRAD_KIT_LANG",
                    "AUTOGRAD_KIT_START_METHOD", "AUTOGRAD_KIT_WITHOUT_LAYERS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED",
                    "PYTHONIOENCODING", "PYTHONPATH", "TZ", "SYSTEMROOT", "VIRTUAL_ENV")
# What every worker inherits already imported. torch.optim imports torch._dynamo on
# first use (0.8 s here); loaded once in the forkserver, no worker pays it again.
PRELOAD = ["autograd_kit.sandbox.worker", "autograd_kit.checks.probes", "autograd_kit.checks.recipes", "torchvision",
           "torch._dynamo"]
# Imported by the forkserver alone, after PRELOAD: it changes how that process forks.
FORKSERVER_ONLY = ["autograd_kit.sandbox.forkserver_setup"]


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 10.0  # CPU time for importing the file, and again for each call (budget.py)
    memory_mb: int = 2048  # address space beyond what torch itself takes
    output_bytes: int = 4 * 1024 * 1024  # largest file the learner's process may write
    boot_timeout_s: float = 120.0  # starting a worker (spawn imports torch afresh): the kit's time, not counted

    @property
    def wall_s(self) -> float:
        """The wall-clock backstop of one phase, for code that waits instead of computing: generous,
        because a loaded machine stretches wall time and CPU time is the real limit."""
        return max(3 * self.timeout_s, self.timeout_s + 20)


def start_method() -> str:
    """forkserver where it exists (Linux, macOS), spawn elsewhere (Windows).

    Both hand the worker its arguments by pickle; neither relies on memory
    inherited from the judge. Plain fork is avoided: forking a process that
    has run torch's thread pool can deadlock the child.
    """
    forced = os.environ.get("AUTOGRAD_KIT_START_METHOD")
    if forced in ("spawn", "forkserver"):
        return forced
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def context() -> multiprocessing.context.BaseContext:
    method = start_method()
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD + FORKSERVER_ONLY)
    return ctx


def warm_up() -> None:
    """Start the forkserver now rather than at the first call, with only the kept environment."""
    if start_method() == "forkserver":
        context()
        from multiprocessing import forkserver

        # From a neutral folder too: the forkserver, and every worker forked from it, starts in the folder
        # it was started from, and torch's configuration records it at import (where it keeps debug files).
        with kept_environment(), neutral_folder():
            forkserver.ensure_running()


@contextmanager
def neutral_folder() -> Iterator[None]:
    """For the block (while the judge has no other thread): the working folder is /, and sys.path holds
    neither '' nor that folder unless the kit itself is found there. multiprocessing starts the forkserver
    with the judge's sys.path on its command line, and '' stands for the folder the judge was started in."""
    import multiprocessing.process

    saved, saved_path = os.getcwd(), list(sys.path)
    original = multiprocessing.process.ORIGINAL_DIR or saved
    kit_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not os.path.abspath(kit_parent).startswith(os.path.join(os.path.abspath(original), "")):
        sys.path[:] = [p for p in sys.path if p not in ("", original)]
    os.chdir(os.path.abspath(os.sep))
    try:
        yield
    finally:
        os.chdir(saved)
        sys.path[:] = saved_path


@contextmanager
def kept_environment() -> Iterator[None]:
    """os.environ narrowed to KEPT_ENVIRONMENT for the block (what a process started in it inherits)."""
    saved = dict(os.environ)
    for name in saved:
        if name not in KEPT_ENVIRONMENT:
            del os.environ[name]
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
