"""Sandboxes without a worker process: no isolation at all (benchmarks, the seed sweep), and a file refused.

They answer calls with the judge's outcome kinds (calls.py), so the checks cannot tell them apart.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch

from autograd_kit.sandbox import wire
from autograd_kit.sandbox.calls import CallKind, CallOutcome, Pending, outcome_of
from autograd_kit.sandbox.isolation import Limits


class NoWorker:
    """The lifecycle of a sandbox that has no process to start or stop."""

    def start(self) -> None:
        pass

    start_in_background = start

    def release(self, reusable: bool = True) -> None:
        pass

    def close(self, reusable: bool = True) -> None:
        pass


class InProcessSandbox(NoWorker):
    """No isolation at all: the same calls, made directly, with the worker's outcome kinds.

    For benchmarks and the seed sweep (sweep.py) only: the file runs in the judge's process.
    """

    def __init__(self, exercise_path: Path, module_name: str, limits: Limits, source: bytes | None = None) -> None:
        from autograd_kit.sandbox import worker

        self.path = str(exercise_path)
        if source is None:
            self.module, self.failure = None, CallOutcome(CallKind.NOT_STARTED, error={"message": "missing",
                                                                                    "missing": 1})
            return
        setup = worker.WorkerSetup(exercise_path=self.path, source=source, module_name=module_name, scratch_dir="",
                                   output=None, memory_mb=limits.memory_mb, output_limit_bytes=limits.output_bytes)
        self.module, failure = worker._import_learner(setup)
        self.failure = outcome_of(failure) if failure is not None else None

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        return Pending.done(self.call(probe, kwargs, uses=uses, forbid_autograd=forbid_autograd))

    def call(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
             uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> CallOutcome:
        from autograd_kit.sandbox import worker

        if self.failure is not None:
            return replace(self.failure)
        setup = worker.WorkerSetup(exercise_path=self.path, source=b"", module_name="", scratch_dir="",
                                   output=None, memory_mb=0, output_limit_bytes=0)
        kit = worker._Kit({probe.__name__: probe}, wire.encode, torch.load, io.BytesIO, worker._send,
                          worker._serve, os._exit, lambda generation: 0)
        header, payload = worker._serve(self.module, probe.__name__, kwargs or {}, forbid_autograd, setup, kit)
        outcome = outcome_of(header)  # the trace read as strictly as a worker's
        if outcome.kind is CallKind.RETURNED:
            outcome.value, outcome.meta = wire.decode(payload, header.get("meta") or {})
        return outcome


class RejectedSandbox(NoWorker):
    """A file the grader refused to run (not UTF-8, a link, unreadable): every call reports why."""

    def __init__(self, reason: str) -> None:
        self.outcome = CallOutcome(CallKind.IMPORT_ERROR, error={"type": "RejectedFile", "message": reason})

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        return Pending.done(replace(self.outcome))


