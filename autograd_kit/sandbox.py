"""The judge's side of isolation: run learner code in a child process.

Each exercise gets one worker process (see worker.py). A call sends a request,
waits at most `Limits.timeout_s`, and turns whatever happens (a value, an
exception, an exit, a segfault, a hang) into a `CallOutcome`. Workers are
forked from a forkserver that has torch imported already, or spawned where
forkserver does not exist (Windows); both get their arguments by pickle.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import multiprocessing.process
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import torch

from autograd_kit import wire
from autograd_kit.i18n import tr
from autograd_kit.isolation import Limits, context
from autograd_kit.manifest import KIT_ROOT

MAX_PAYLOAD = 256 * 1024 * 1024
SHOWN_OUTPUT_CHARS = 4000
FAULT_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<function>\S+)')


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


@dataclass
class CallOutcome:
    kind: CallKind
    value: Any = None
    meta: dict[str, wire.TensorMeta] = field(default_factory=dict)
    error: dict = field(default_factory=dict)
    output: str = ""
    seconds: float = 0.0


class GarbledReply(Exception):
    """Something other than the worker's protocol arrived on the reply pipe."""


class Pending:
    """A call in flight: `result()` waits for its outcome, once."""

    def __init__(self, collect: Callable[[], CallOutcome]) -> None:
        self._collect: Callable[[], CallOutcome] | None = collect
        self._outcome: CallOutcome | None = None

    @classmethod
    def done(cls, outcome: CallOutcome) -> Pending:
        pending = cls(lambda: outcome)
        return pending

    def result(self) -> CallOutcome:
        if self._collect is not None:
            collect, self._collect = self._collect, None
            self._outcome = collect()
        assert self._outcome is not None
        return self._outcome


class ExerciseSandbox:
    """One learner file, one worker process, many calls."""

    def __init__(self, exercise_path: Path, module_name: str, limits: Limits) -> None:
        self.exercise_path = exercise_path.resolve()
        self.module_name = module_name
        self.limits = limits
        self._scratch = Path(tempfile.mkdtemp(prefix="autograd-kit-"))
        self._output_path = self._scratch / "captured-output.txt"
        self._output_seen = 0
        self._process: multiprocessing.process.BaseProcess | None = None
        self._requests: Any = None
        self._replies: Any = None
        self._sticky: CallOutcome | None = None  # an import that failed fails every later call
        self._hung: set[str] = set()
        self._booted = False
        self._imported = False  # whether the current worker got past importing the learner's file
        self._pending: Pending | None = None
        self._start_lock = threading.Lock()
        self._starting: threading.Thread | None = None

    def call(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
             uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> CallOutcome:
        return self.submit(probe, kwargs, uses=uses, forbid_autograd=forbid_autograd).result()

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        """Send a call and return at once; `.result()` waits for the answer.

        The judge computes its truth while the learner's code runs. The time
        limit counts from the moment the call is sent.
        """
        if self._pending is not None:
            self._pending.result()  # one call in flight per worker
        if self._sticky is not None:
            return Pending.done(replace(self._sticky, output=""))
        if not self.exercise_path.is_file():
            self._sticky = CallOutcome(CallKind.NOT_STARTED, error={"message": "missing", "missing": 1})
            return Pending.done(replace(self._sticky))
        if self._hung.intersection(uses):
            names = ", ".join(sorted(self._hung.intersection(uses)))
            message = tr("not run again: {names} timed out earlier", names=names)
            return Pending.done(CallOutcome(CallKind.TIMEOUT, error={"message": message}))
        from autograd_kit.worker import Request

        if self._requests is None and self._process is not None:
            self._kill()  # released earlier: start afresh
        booted = self._ensure_worker()
        if booted is not None:
            return Pending.done(booted)
        buffer = io.BytesIO()
        torch.save(Request(probe, kwargs or {}, forbid_autograd), buffer)
        started = time.perf_counter()
        try:
            self._requests.send_bytes(buffer.getvalue())
        except OSError:
            return Pending.done(self._crashed(started))
        self._pending = Pending(lambda: self._collect(started, uses))
        return self._pending

    def _collect(self, started: float, uses: tuple[str, ...]) -> CallOutcome:
        self._pending = None
        outcome = self._await_reply(started, uses)
        outcome.seconds = time.perf_counter() - started
        outcome.output = outcome.output or self._new_output()
        return outcome

    def _await_reply(self, started: float, uses: tuple[str, ...]) -> CallOutcome:
        deadline = started + self.limits.timeout_s
        while True:
            try:
                header = self._receive(deadline)
            except GarbledReply:
                self._kill()
                return CallOutcome(CallKind.CRASHED, error={
                    "message": tr("its reply to the grader was garbled: did the code write to the grader's pipe?")})
            except (EOFError, OSError):
                imported = self._imported
                outcome = self._crashed(started)
                if not imported:
                    self._sticky = replace(outcome, error={**outcome.error, "at_import": 1})
                    return replace(self._sticky)
                return outcome
            if header is None:
                imported = self._imported
                self._kill()
                error = {"message": tr("no answer within {seconds:g} s", seconds=self.limits.timeout_s)}
                if not imported:
                    self._sticky = CallOutcome(CallKind.TIMEOUT, error={**error, "at_import": 1})
                    return replace(self._sticky)
                self._hung.update(uses)
                return CallOutcome(CallKind.TIMEOUT, error=error)
            kind = header.get("kind")
            if kind == "imported":
                self._imported = True
                continue
            return self._outcome_from(header, deadline)

    def _outcome_from(self, header: dict, deadline: float) -> CallOutcome:
        try:
            kind = CallKind(header.get("kind"))
        except ValueError:
            return CallOutcome(CallKind.BAD_RETURN, error={"message": tr("the worker sent an unknown reply")})
        error = _clean_error(header.get("error"))
        if header.get("at_import"):
            self._sticky = CallOutcome(kind, error={**error, "at_import": 1})
            return replace(self._sticky)
        if kind is not CallKind.RETURNED:
            return CallOutcome(kind, error=error)
        if not self._replies.poll(max(deadline - time.perf_counter(), 0.5)):
            self._kill()
            return CallOutcome(CallKind.TIMEOUT, error={"message": tr("the result never arrived")})
        try:
            payload = self._replies.recv_bytes(MAX_PAYLOAD)
            value, meta = wire.decode(payload, header.get("meta") or {})
        except wire.NotPlainData as problem:
            return CallOutcome(CallKind.BAD_RETURN, error={"type": "NotPlainData", "message": str(problem)})
        except (EOFError, OSError):
            self._kill()
            return CallOutcome(CallKind.BAD_RETURN, error={"message": tr("the result was too large or cut short")})
        return CallOutcome(CallKind.RETURNED, value=value, meta=meta)

    def _receive(self, deadline: float) -> dict | None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0 or not self._replies.poll(remaining):
            return None
        raw = self._replies.recv_bytes(1024 * 1024)
        try:
            header = json.loads(raw)
        except ValueError:
            header = None
        if not isinstance(header, dict):
            raise GarbledReply
        return header

    def start_in_background(self) -> None:
        """start(), on a thread: asking the forkserver for a process takes a while, the judge need not wait."""
        self._starting = threading.Thread(target=self.start, daemon=True)
        self._starting.start()

    def start(self) -> None:
        """Start the worker without waiting for it: it boots while the judge does other work."""
        with self._start_lock:
            self._start()

    def _start(self) -> None:
        if self._process is not None or self._sticky is not None or not self.exercise_path.is_file():
            return
        from autograd_kit.worker import WorkerSetup, main

        ctx = context()
        request_reader, request_writer = ctx.Pipe(duplex=False)
        reply_reader, reply_writer = ctx.Pipe(duplex=False)
        setup = WorkerSetup(
            exercise_path=str(self.exercise_path),
            module_name=self.module_name,
            scratch_dir=str(self._scratch),
            output_path=str(self._output_path),
            memory_mb=self.limits.memory_mb,
            output_limit_bytes=self.limits.output_bytes,
            protected_dirs=protected_dirs(self.exercise_path),
        )
        self._output_seen = 0
        self._imported = self._booted = False
        process = ctx.Process(target=main, args=(request_reader, reply_writer, setup), daemon=True)
        process.start()
        request_reader.close()
        reply_writer.close()
        self._process, self._requests, self._replies = process, request_writer, reply_reader

    def _ensure_worker(self) -> CallOutcome | None:
        if self._process is not None and not self._process.is_alive():
            self._kill()
        self.start()
        if self._booted:
            return None
        try:
            header = self._receive(time.perf_counter() + self.limits.boot_timeout_s)
        except (EOFError, OSError):
            header = None
        if header is None or header.get("kind") != "booted":
            self._kill()
            return CallOutcome(CallKind.CRASHED, error={"message": tr("the sandbox process failed to start")})
        self._booted = True
        return None

    def _crashed(self, started: float) -> CallOutcome:
        process = self._process
        assert process is not None
        process.join(5)
        code = process.exitcode
        self._kill()
        output, frames = self._split_crash_report(self._new_output())
        return CallOutcome(CallKind.CRASHED if (code or 0) < 0 else CallKind.EXITED,
                           error={"exit_code": code, "message": describe_exit(code, self.limits), "frames": frames},
                           output=output, seconds=time.perf_counter() - started)

    def _split_crash_report(self, output: str) -> tuple[str, list[dict]]:
        """Keep what the learner printed; turn faulthandler's dump into learner frames."""
        printed, marker, dump = output.partition("Fatal Python error")
        if not marker:
            return output, []
        try:
            source = self.exercise_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            source = []
        frames = []
        for match in FAULT_FRAME.finditer(dump):
            if Path(match["file"]).resolve() == self.exercise_path:
                line = int(match["line"])
                code = source[line - 1].strip() if 0 < line <= len(source) else ""
                frames.append({"line": line, "function": match["function"], "code": code})
        # faulthandler lists the innermost frame first
        return printed, frames[:1]

    def _kill(self) -> None:
        process = self._process
        if process is None:
            return
        if os.name == "posix" and process.pid:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        process.kill()
        process.join(5)
        for end in (self._requests, self._replies):
            if end is not None:
                end.close()
        self._process = self._requests = self._replies = None
        self._booted = self._imported = False

    def _new_output(self) -> str:
        try:
            with open(self._output_path, "rb") as captured:
                captured.seek(self._output_seen)
                data = captured.read(SHOWN_OUTPUT_CHARS + 1)
                self._output_seen = captured.seek(0, os.SEEK_END)
        except OSError:
            return ""
        text = data.decode("utf-8", errors="replace")
        if len(text) > SHOWN_OUTPUT_CHARS:
            text = text[:SHOWN_OUTPUT_CHARS] + "\n[... output cut ...]"
        return text

    def release(self) -> None:
        """Let the worker finish on its own (it exits when its request pipe closes); close() reaps it.

        The judge moves on to the next exercise meanwhile, instead of waiting for each exit.
        """
        if self._pending is None and self._requests is not None:
            self._requests.close()
            self._requests = None

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
        self._pending = None
        self.release()
        if self._process is not None:
            self._process.join(1)
        self._kill()
        shutil.rmtree(self._scratch, ignore_errors=True)


class _NoWorker:
    """The lifecycle of a sandbox that has no process to start or stop."""

    def start(self) -> None:
        pass

    start_in_background = start

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


class InProcessSandbox(_NoWorker):
    """No isolation at all: the same calls, made directly. For benchmarks only."""

    def __init__(self, exercise_path: Path, module_name: str, limits: Limits) -> None:
        import importlib.util

        spec = importlib.util.spec_from_file_location(module_name, exercise_path)
        assert spec is not None and spec.loader is not None
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        return Pending.done(self.call(probe, kwargs, uses=uses, forbid_autograd=forbid_autograd))

    def call(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
             uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> CallOutcome:
        try:
            value, meta = wire.to_plain(probe(self.module, **(kwargs or {})))
        except NotImplementedError as error:
            return CallOutcome(CallKind.NOT_STARTED, error={"type": "NotImplementedError", "message": str(error)})
        return CallOutcome(CallKind.RETURNED, value=value, meta=wire.read_meta(meta))


def protected_dirs(exercise_path: Path) -> tuple[str, ...]:
    """The kit's folders learner code may not read: all but the one being graded (--target solutions)."""
    folders = (KIT_ROOT / "solutions", KIT_ROOT / "tests")
    return tuple(str(f) for f in folders if not exercise_path.is_relative_to(f.resolve()))


class RejectedSandbox(_NoWorker):
    """A file the grader refused to run (not UTF-8, a link, unreadable): every call reports why."""

    def __init__(self, reason: str) -> None:
        self.outcome = CallOutcome(CallKind.IMPORT_ERROR, error={"type": "RejectedFile", "message": reason})

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        return Pending.done(replace(self.outcome))


AnySandbox = ExerciseSandbox | InProcessSandbox | RejectedSandbox


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


def _clean_error(error: object) -> dict:
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
