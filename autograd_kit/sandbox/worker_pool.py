"""The learner's own workers, kept from one exercise to the next: torch is imported once, not once an exercise.

On the learner path (`grader.py`, `grader.py NN`, `watch`, a notebook's
`check()`: the learner grading their own files) a worker that has finished an
exercise goes back to the pool, and the next exercise is handed to it
(worker.py's NextExercise; worker_reuse.py puts back what the last one
changed, or retires the worker). Untrusted work (`--submission`, `batch`,
Gradescope, Classroom50) never comes here: one fresh worker per exercise.

Every worker keeps every kernel layer it has today: the pool only decides
which process the next exercise's first request goes to. A worker that
crashed, hung, garbled its pipe or left an answer unread is killed, never
reused; one whose file the source checks say reaches past its own objects is
killed too (the judge's own reading, whatever the worker says).
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import tempfile
import threading
from pathlib import Path

from autograd_kit.sandbox import isolation
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.worker_process import WorkerProcess, protected_dirs

MOST_ALIVE = 2  # the exercise being graded, and the next one importing meanwhile: one per core


def reuse_wanted(untrusted: bool, in_process: bool) -> bool:
    """Whether a grade's workers come from a pool: the learner's own files, where a fresh worker costs most
    (spawn imports torch in each; a non-root grader forks each twice). AUTOGRAD_KIT_REUSE_WORKERS=0 or 1 decides
    instead (the benchmark's modes); untrusted work never reuses, whatever it says."""
    if untrusted or in_process:
        return False
    forced = os.environ.get("AUTOGRAD_KIT_REUSE_WORKERS")
    if forced in ("0", "1"):
        return forced == "1"
    return isolation.start_method() == "spawn" or (os.name == "posix" and os.geteuid() != 0)


class WorkerPool:
    """Workers of one learner's grades, alive between exercises (and between grades, in watch and check())."""

    def __init__(self, limits: Limits, protected: tuple[str, ...]) -> None:
        self.limits, self.protected = limits, protected
        self.scratch = Path(tempfile.mkdtemp(prefix="autograd-kit-pool-"))
        self.idle: list[WorkerProcess] = []
        self.alive: list[WorkerProcess] = []  # idle or lent
        self.started: list[int] = []  # every worker's PID, as the judge's start saw it
        self._lock = threading.Lock()

    def lend(self, exercise_path: Path, source: bytes, module_name: str, prepare: tuple,
             must: bool) -> WorkerProcess | None:
        """An idle worker handed this exercise, else a fresh one; None while MOST_ALIVE are busy, unless MUST."""
        with self._lock:
            while self.idle:
                worker = self.idle.pop()
                request, nonce = next_exercise_request(exercise_path, source, module_name, prepare)
                if worker.alive() and worker.assign(exercise_path, source, module_name, prepare, request, nonce):
                    return worker
                self._end(worker)
            if not must and len(self.alive) >= MOST_ALIVE:
                return None
            scratch = Path(tempfile.mkdtemp(prefix="worker-", dir=self.scratch))
            worker = WorkerProcess(exercise_path, source, module_name, self.limits, scratch, prepare=prepare,
                                   reusable=True, protected=self.protected)
            self.alive.append(worker)
        worker.start()
        if worker.process is not None and worker.process.pid:
            self.started.append(worker.process.pid)
        return worker

    def take_back(self, worker: WorkerProcess, reusable: bool) -> None:
        """The exercise is done with WORKER: idle, for the next one, or killed when it may not be reused."""
        with self._lock:
            if reusable and worker.alive() and worker.booted and worker.settled and worker.unanswered == 0:
                worker.new_output()  # what it printed belongs to the exercise that is done
                self.idle.append(worker)
                return
            self._end(worker)

    def forget(self, worker: WorkerProcess) -> None:
        """A worker the slot killed itself (a crash, a hang): no longer the pool's."""
        with self._lock:
            self.alive = [w for w in self.alive if w is not worker]
            self.idle = [w for w in self.idle if w is not worker]

    def close(self) -> None:
        with self._lock:
            for worker in list(self.alive):
                self._end(worker)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _end(self, worker: WorkerProcess) -> None:
        worker.kill()
        self.alive = [w for w in self.alive if w is not worker]
        self.idle = [w for w in self.idle if w is not worker]
        shutil.rmtree(worker.scratch, ignore_errors=True)


def next_exercise_request(exercise_path: Path, source: bytes, module_name: str, prepare: tuple) -> tuple[bytes, int]:
    """The request that hands a reused worker its next exercise, and the nonce its answers will carry."""
    import torch

    from autograd_kit.sandbox.worker import NextExercise, Request

    nonce = secrets.randbits(63)
    buffer = io.BytesIO()
    following = NextExercise(str(exercise_path), source, module_name, prepare)
    torch.save(Request("", {}, False, nonce, following), buffer)
    return buffer.getvalue(), nonce


_pools: dict[tuple, WorkerPool] = {}
_pools_lock = threading.Lock()


def pool_for(limits: Limits, exercise_path: Path) -> WorkerPool:
    """This process's pool for workers with these limits and this folder's protections (they are set at boot)."""
    protected = protected_dirs(exercise_path)
    key = (limits, protected, isolation.start_method())
    with _pools_lock:
        if key not in _pools:
            _pools[key] = WorkerPool(limits, protected)
        return _pools[key]


def close_all() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
