"""What a call into the learner's code came to: the outcome kinds, a call in flight, and the words for an exit.

The judge (judge.py) and the in-process stand-ins (in_process.py) both answer with these.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from autograd_kit.i18n import tr
from autograd_kit.sandbox import trace_data, wire
from autograd_kit.sandbox.isolation import Limits


class CallKind(StrEnum):
    RETURNED = "returned"
    NOT_STARTED = "not_started"
    RAISED = "raised"
    BAD_RETURN = "bad_return"
    SYNTAX_ERROR = "syntax_error"
    IMPORT_ERROR = "import_error"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    EXITED = "exited"
    MEMORY = "memory"
    GRADER_ERROR = "grader_error"  # the kit could not run the learner's code at all: never the learner's fault


@dataclass
class CallOutcome:
    kind: CallKind
    value: Any = None
    meta: dict[str, wire.TensorMeta] = field(default_factory=dict)
    error: dict = field(default_factory=dict)
    output: str = ""
    seconds: float = 0.0
    trace: trace_data.Trace | None = None  # what the learner's calls did: feedback only, never points


class SandboxRefused(RuntimeError):
    """The worker would not run learner code: the kernel layers the judge asked for are missing."""

    def __init__(self, message: str, layers: dict[str, str]) -> None:
        super().__init__(message)
        self.layers = layers


class Pending:
    """A call in flight: `result()` waits for its outcome, once."""

    def __init__(self, collect: Callable[[], CallOutcome]) -> None:
        self._collect: Callable[[], CallOutcome] | None = collect
        self._outcome: CallOutcome | None = None

    @classmethod
    def done(cls, outcome: CallOutcome) -> Pending:
        return cls(lambda: outcome)

    def result(self) -> CallOutcome:
        if self._collect is not None:
            collect, self._collect = self._collect, None
            self._outcome = collect()
        assert self._outcome is not None
        return self._outcome


def describe_exit(code: int | None, limits: Limits) -> str:
    if code is None:
        return tr("the process vanished")
    if code >= 0:
        return tr("exit code {code}", code=code)
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    reasons = {
        "SIGSEGV": tr("a segmentation fault (memory access violation)"),
        "SIGKILL": tr("killed, most likely for using more than {limit} MiB of memory", limit=limits.memory_mb),
        "SIGABRT": tr("aborted"),
        "SIGBUS": tr("a bus error"),
        "SIGFPE": tr("a floating-point exception"),
    }
    return f"{reasons.get(name, name)} ({name})"


def clean_error(error: object) -> dict:
    """Keep only short strings and ints from what the child said went wrong."""
    if not isinstance(error, dict):
        return {}
    clean: dict = {}
    for key in ("type", "message", "code", "line", "column", "exit_code"):
        value = error.get(key)
        if isinstance(value, str):
            clean[key] = value[:2000]
        elif isinstance(value, int) and not isinstance(value, bool):
            clean[key] = value
    frames = error.get("frames")
    if isinstance(frames, list):
        clean["frames"] = [
            {k: f[k] for k in ("line", "function", "code") if isinstance(f.get(k), (str, int))}
            for f in frames[:5] if isinstance(f, dict)
        ]
    return clean


def outcome_of(header: dict) -> CallOutcome:
    """The outcome a worker's reply header names (the payload, if any, is decoded by the caller)."""
    error = clean_error(header.get("error"))
    if header.get("at_import"):
        error["at_import"] = 1
    return CallOutcome(CallKind(header["kind"]), error=error, trace=trace_data.read(header.get("trace")))
