"""The one worker an exercise has at a time: started ahead of its first call, replaced when it dies, reaped at the end.

Starting a worker is the kit's business, never the learner's time, and a
failure to start is the kit's too: it is tried twice before the calls are told.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from autograd_kit.i18n import tr
from autograd_kit.sandbox.calls import CallKind, CallOutcome
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.reach import out_of_reach
from autograd_kit.sandbox.worker_pool import WorkerPool
from autograd_kit.sandbox.worker_process import WorkerProcess

if TYPE_CHECKING:
    from autograd_kit.sandbox.kernel.policy import Scope


class WorkerSlot:
    def __init__(self, exercise_path: Path, module_name: str, limits: Limits, source: bytes | None,
                 untrusted: Scope | None, prepare: tuple, may_start: Callable[[], bool],
                 pool: WorkerPool | None = None) -> None:
        self.exercise_path, self.module_name, self.limits, self.source = exercise_path, module_name, limits, source
        self.untrusted = untrusted
        self.prepare = prepare  # recipes every worker of this exercise initialises while it boots
        self.may_start = may_start  # false once the file failed to import: no worker would do better
        self.layers: dict[str, str] = {}  # what the kernel enforced around the last worker (confinement.py)
        self.refused = False  # the last worker refused to run learner code (its kernel layers were missing)
        self.worker: WorkerProcess | None = None
        self.pool = pool  # the learner's own files: workers lent by the pool, and given back (worker_pool.py)
        self.last_output = ""  # what a killed worker printed that no call has shown yet
        self.scratch = Path(tempfile.mkdtemp(prefix="autograd-kit-"))
        self._start_lock = threading.Lock()
        self._starting: threading.Thread | None = None

    def start_in_background(self) -> None:
        """start(), on a thread: asking the forkserver for a process takes a while, the judge need not wait."""
        # Only the judge's main thread calls this; start() itself guards against starting twice.
        if self.worker is not None or (self._starting is not None and self._starting.is_alive()):
            return
        self._starting = threading.Thread(target=self.start, daemon=True)
        self._starting.start()

    def start(self, must: bool = False) -> None:
        """Start the worker without waiting for it: it boots while the judge does other work. From a pool, a
        worker is lent, or none yet while the pool's are all busy (unless MUST: a call is waiting for it)."""
        with self._start_lock:
            if self.worker is None and self.may_start() and self.source is not None and self.pool is not None:
                self.worker = self.pool.lend(self.exercise_path, self.source, self.module_name, self.prepare, must)
            elif self.worker is None and self.may_start() and self.source is not None:
                self.worker = WorkerProcess(self.exercise_path, self.source, self.module_name, self.limits,
                                            self.scratch, untrusted=self.untrusted, prepare=self.prepare)
                self.worker.start()

    def ensure(self) -> WorkerProcess | CallOutcome:
        """A booted worker, or the kit's failure to start one (tried twice); `refused` says if it was the sandbox's."""
        printed = ""
        for _ in range(2):
            if self.worker is not None and (self.worker.requests is None or not self.worker.alive()):
                self.kill()  # released earlier, or gone: start afresh
            self.start(must=True)
            worker = self.worker
            assert worker is not None
            if worker.booted or worker.boot():
                self.layers, self.refused = worker.layers, False
                return worker
            refusal = worker.refusal
            died = not worker.alive()  # on its own, before it booted: learner code had not run, what it said is the kit's
            printed = self.kill()
            printed = printed if died else ""
            if refusal is not None:
                self.layers, self.refused = refusal.layers, True
                return CallOutcome(CallKind.GRADER_ERROR, error={"message": str(refusal)})
        self.last_output = ""  # the worker's own words before learner code ran: the kit's, shown as the reason below
        # What failed and the fix: a folder in the way of Python, else the last line the worker printed.
        why = out_of_reach() or _last_line(printed)
        message = tr("the grader could not start a process to run this exercise")
        return CallOutcome(CallKind.GRADER_ERROR, error={"message": f"{message} ({why})" if why else message,
                                                          "infrastructure": True})

    def new_output(self) -> str:
        """What the learner's code printed since the last look (a killed worker's last words included)."""
        printed = self.worker.new_output() if self.worker is not None else self.last_output
        self.last_output = ""
        return printed

    def kill(self) -> str:
        """Kill the current worker; keep (and return) what it printed that was not read yet."""
        with self._start_lock:  # not while a thread is still starting it
            if self.worker is None:
                return ""
            self.last_output = self.worker.kill()
            if self.pool is not None:
                self.pool.forget(self.worker)
            self.worker = None
        return self.last_output

    def release(self, reusable: bool = True) -> None:
        """Let the worker finish on its own (it exits when its request pipe closes); close() reaps it. A pool's
        worker goes back to the pool instead, unless the judge says it may not be REUSABLE."""
        if self._starting is not None:
            self._starting.join()
        with self._start_lock:
            if self.worker is not None and self.pool is not None:
                self.pool.take_back(self.worker, reusable)
                self.worker = None
            elif self.worker is not None:
                self.worker.release()

    def close(self, reusable: bool = True) -> None:
        if self._starting is not None:
            self._starting.join()
        self.release(reusable)
        if self.worker is not None:
            self.worker.exit_code(1)
        self.kill()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _last_line(printed: str) -> str:
    """The last thing a worker that never booted printed (its traceback's error line), kept short."""
    lines = [line.strip() for line in printed.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""
