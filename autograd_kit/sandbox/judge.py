"""The judge's side of isolation: run learner code in a child process, one call at a time.

Each exercise gets one worker process at a time (worker_slot.py; the worker
itself is worker.py). A call sends a request and turns whatever happens (a
value, an exception, an exit, a segfault, a hang) into a `CallOutcome`
(replies.py). A call that runs out of time is run once more in a fresh worker
before it is reported, so a stall of the machine is never blamed on the
learner; a file that failed to import fails every later call the same way.
"""

from __future__ import annotations

import io
import secrets
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from autograd_kit.sandbox.calls import CallKind, CallOutcome, Pending
from autograd_kit.sandbox.in_process import InProcessSandbox, RejectedSandbox
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.replies import ReplyReader
from autograd_kit.sandbox.worker_pool import WorkerPool
from autograd_kit.sandbox.worker_slot import WorkerSlot

if TYPE_CHECKING:
    from autograd_kit.sandbox.kernel.policy import Scope


class ExerciseSandbox:
    """One learner file, many calls: what to send, when, and what an earlier call already settled."""

    def __init__(self, exercise_path: Path, module_name: str, limits: Limits, source: bytes | None = None,
                 untrusted: Scope | None = None, prepare: tuple = (), pool: WorkerPool | None = None) -> None:
        self.exercise_path = exercise_path.resolve()
        self.limits, self.source = limits, source
        self.slot = WorkerSlot(self.exercise_path, module_name, limits, source, untrusted, prepare,
                               may_start=lambda: self._sticky is None, pool=None if untrusted else pool)
        self._replies = ReplyReader(self.slot, limits, self.exercise_path, source)
        self._sticky: CallOutcome | None = None  # an import that failed fails every later call
        self._hung: set[str] = set()  # functions that ran out of time: later calls that use them are skipped
        self._pending: Pending | None = None

    @property
    def layers(self) -> dict[str, str]:
        return self.slot.layers

    def call(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
             uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> CallOutcome:
        return self.submit(probe, kwargs, uses=uses, forbid_autograd=forbid_autograd).result()

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        """Send a call and return at once; `.result()` waits for the answer.

        The judge computes its truth while the learner's code runs; the learner's
        time is its worker's CPU time, which the judge's own work does not touch.
        """
        if self._pending is not None:
            self._pending.result()  # one call in flight per worker
        if self._sticky is not None:
            return Pending.done(replace(self._sticky, output=""))
        if self.source is None:
            self._sticky = CallOutcome(CallKind.NOT_STARTED, error={"message": "missing", "missing": 1})
            return Pending.done(replace(self._sticky))
        if self._hung.intersection(uses):
            names = ", ".join(sorted(self._hung.intersection(uses)))
            return Pending.done(CallOutcome(CallKind.TIMEOUT, error={"message": names, "skipped": 1}))
        request, nonce = _request(probe, kwargs, forbid_autograd)
        worker = self.slot.worker
        if worker is None or not worker.ready():
            # Still booting: the judge computes its truth meanwhile, and sends when result() is asked for.
            self.slot.start_in_background()
            self._pending = Pending(lambda: self._send_and_collect(request, nonce, uses))
            return self._pending
        outcome = self._send(request)
        if outcome is not None:
            return Pending.done(outcome)
        self._pending = Pending(lambda: self._collect(request, nonce, uses))
        return self._pending

    def _send_and_collect(self, request: bytes, nonce: int, uses: tuple[str, ...]) -> CallOutcome:
        outcome = self._send(request)
        if outcome is not None:
            self._pending = None
            return outcome
        return self._collect(request, nonce, uses)

    def _send(self, request: bytes) -> CallOutcome | None:
        """Hand REQUEST to a booted worker; an outcome only when that is impossible."""
        worker = self.slot.ensure()
        if isinstance(worker, CallOutcome):
            if self.slot.refused:
                self._sticky = worker  # the sandbox will not be there for the next call either
                return replace(worker)
            return worker
        if not worker.send(request):
            return self._replies.crashed(worker, time.perf_counter())
        return None

    def _collect(self, request: bytes, nonce: int, uses: tuple[str, ...]) -> CallOutcome:
        self._pending = None
        started = time.perf_counter()
        outcome = self._read(nonce)
        if outcome.kind is CallKind.TIMEOUT:
            # Once more, in a fresh worker, before the learner is told: the first
            # try may have lost its time to a machine that was busy elsewhere.
            self._sticky = None
            retry = self._send(request)
            outcome = retry if retry is not None else self._read(nonce)
            if outcome.kind is CallKind.TIMEOUT and not outcome.error.get("at_import"):
                self._hung.update(uses)
        outcome.seconds = time.perf_counter() - started
        printed = self.slot.new_output()
        outcome.output = outcome.output or printed
        return outcome

    def _read(self, nonce: int) -> CallOutcome:
        outcome = self._replies.await_reply(nonce)
        if outcome.error.get("at_import"):
            self._sticky = outcome
            return replace(outcome)
        return outcome

    def start_in_background(self) -> None:
        self.slot.start_in_background()

    def start(self) -> None:
        self.slot.start()

    def release(self, reusable: bool = True) -> None:
        """Let the worker finish on its own (or go back to its pool, if REUSABLE); the judge moves on to the
        next exercise meanwhile."""
        if self._pending is None:
            self.slot.release(reusable)

    def close(self, reusable: bool = True) -> None:
        # A call still in flight leaves an answer unread: the pool does not take that worker back.
        self._pending = None
        self.slot.close(reusable)


def _request(probe: Callable[..., Any], kwargs: dict[str, Any] | None, forbid_autograd: bool) -> tuple[bytes, int]:
    """A registered probe's call, as the worker reads it, and the nonce its reply must carry."""
    from autograd_kit.checks.probes import PROBES
    from autograd_kit.sandbox.worker import Request

    if PROBES.get(probe.__name__) is not probe:
        raise ValueError(f"{probe.__name__} is not a registered probe")
    nonce = secrets.randbits(63)
    buffer = io.BytesIO()
    torch.save(Request(probe.__name__, kwargs or {}, forbid_autograd, nonce), buffer)
    return buffer.getvalue(), nonce


AnySandbox = ExerciseSandbox | InProcessSandbox | RejectedSandbox
