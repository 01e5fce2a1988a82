"""The judge's side of isolation: run learner code in a child process.

Each exercise gets one worker process (see worker.py). A call sends a request
and turns whatever happens (a value, an exception, an exit, a segfault, a
hang) into a `CallOutcome`. Time is counted per phase, and only for the
learner's code: starting the worker is the kit's business and never counts;
importing the file and each call get their own CPU-time budget, with a
wall-clock backstop (budget.py). A call that runs out of time is run once more
in a fresh worker before it is reported, so a stall of the machine is never
blamed on the learner. Workers are forked from a forkserver that has torch
imported already, or spawned where forkserver does not exist (Windows); both
get their arguments by pickle.
"""

from __future__ import annotations

import io
import json
import multiprocessing.process
import os
import re
import secrets
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
from autograd_kit.budget import Meter, Spent
from autograd_kit.i18n import tr
from autograd_kit.isolation import Limits, context
from autograd_kit.manifest import KIT_ROOT

MAX_REPLY = 8 + wire.MAX_HEADER + wire.MAX_PAYLOAD
SHOWN_OUTPUT_CHARS = 4000
POLL_S = 0.05  # how often the judge looks at the worker's CPU time while it waits
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
    GRADER_ERROR = "grader_error"  # the kit could not run the learner's code at all: never the learner's fault


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


class WorkerProcess:
    """One worker's life: start it, wait for it to boot, talk to it, kill it, read what it printed."""

    def __init__(self, exercise_path: Path, source: bytes, module_name: str, limits: Limits, scratch: Path,
                 untrusted: bool = False, only_report: bool = False, prepare: tuple = ()) -> None:
        self.exercise_path, self.source, self.module_name, self.limits = exercise_path, source, module_name, limits
        self.scratch, self.untrusted, self.only_report, self.prepare = scratch, untrusted, only_report, prepare
        # What the worker prints lands in a file only the judge has a name for: none at all where the
        # worker gets a descriptor (POSIX), so a link or FIFO the worker plants is never followed.
        if os.name == "posix":
            self.output = tempfile.TemporaryFile(prefix="autograd-kit-output-")
        else:
            self.output = open(scratch / "captured-output.txt", "w+b")  # noqa: SIM115 - closed in kill()
        self.nonce = secrets.randbits(63)
        self.layers: dict[str, str] = {}
        self.refusal: SandboxRefused | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.requests: Any = None
        self.replies: Any = None
        self.booted = False
        self.booted_cpu: float | None = None  # the worker's CPU time when it had booted, before learner code
        self.imported = False
        self._output_seen = 0

    def start(self) -> None:
        from autograd_kit.worker import PassedFile, WorkerSetup, main

        ctx = context()
        request_reader, request_writer = ctx.Pipe(duplex=False)
        reply_reader, reply_writer = ctx.Pipe(duplex=False)
        setup = WorkerSetup(
            exercise_path=str(self.exercise_path), source=self.source, module_name=self.module_name,
            scratch_dir=str(self.scratch), output=PassedFile(self.output.fileno(), self.output.name),
            memory_mb=self.limits.memory_mb, output_limit_bytes=self.limits.output_bytes,
            protected_dirs=protected_dirs(self.exercise_path), nonce=self.nonce,
            require_kernel_layers=self.untrusted, only_report=self.only_report, prepare=self.prepare,
        )
        process = ctx.Process(target=main, args=(request_reader, reply_writer, setup), daemon=True)
        process.start()
        request_reader.close()
        reply_writer.close()
        self.process, self.requests, self.replies = process, request_writer, reply_reader

    def boot(self) -> bool:
        """Wait (up to the boot limit, which is the kit's time, not the learner's) for the worker to be ready."""
        try:
            header = self.receive(self.nonce, deadline=time.perf_counter() + self.limits.boot_timeout_s)
        except (EOFError, OSError, GarbledReply):
            header = None
        if header is not None and header.get("kind") == "refused":
            layers = header.get("layers")
            self.layers = {str(k): str(v) for k, v in layers.items()} if isinstance(layers, dict) else {}
            self.refusal = SandboxRefused(str(header.get("message", ""))[:2000], self.layers)
            return False
        if header is None or header.get("kind") != "booted":
            return False
        layers = header.get("layers")
        self.layers = {str(k): str(v)[:300] for k, v in layers.items()} if isinstance(layers, dict) else {}
        cpu = header.get("cpu")
        self.booted_cpu = float(cpu) if isinstance(cpu, (int, float)) else None
        self.booted = True
        return True

    def ready(self) -> bool:
        """Booted, or its word that it has booted is waiting to be read: sending now costs no wait."""
        try:
            return self.booted or (self.replies is not None and self.replies.poll(0))
        except (OSError, EOFError):
            return True  # gone: the send that follows finds out and says so

    def receive(self, nonce: int, meter: Meter | None = None, deadline: float = 0.0) -> dict | None:
        """The next header; None when the meter ran out (or, without one, the deadline passed)."""
        while True:
            if meter is not None:
                if meter.spent().over:
                    return None
                wait = min(POLL_S, max(meter.wall_left(), 0.0))
            else:
                wait = deadline - time.perf_counter()
                if wait <= 0:
                    return None
            if self.replies.poll(wait):
                break
        raw = self.replies.recv_bytes(1024 * 1024)
        try:
            header = json.loads(raw)
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("nonce") != nonce:
            raise GarbledReply
        return header

    def send(self, data: bytes) -> bool:
        try:
            self.requests.send_bytes(data)
            return True
        except (OSError, AttributeError):
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def exit_code(self, wait_s: float = 5) -> int | None:
        if self.process is None:
            return None
        self.process.join(wait_s)
        return self.process.exitcode

    def release(self) -> None:
        """Close the request pipe: the worker exits on its own (close() reaps it)."""
        if self.requests is not None:
            self.requests.close()
            self.requests = None

    def kill(self) -> str:
        """Kill the worker and everything it started; return what it printed that nobody has read yet."""
        process = self.process
        if process is None:
            return self._last_words()
        if os.name == "posix" and process.pid:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        process.kill()
        process.join(5)
        for end in (self.requests, self.replies):
            if end is not None:
                end.close()
        self.process = self.requests = self.replies = None
        return self._last_words()

    def _last_words(self) -> str:
        if self.output.closed:
            return ""
        text = self.new_output()
        self.output.close()
        return text

    def new_output(self) -> str:
        """What the worker printed since the last look, read through the judge's own descriptor."""
        try:
            data = os.pread(self.output.fileno(), SHOWN_OUTPUT_CHARS + 1, self._output_seen)
            self._output_seen = os.fstat(self.output.fileno()).st_size
        except (OSError, ValueError):
            return ""
        text = data.decode("utf-8", errors="replace")
        if len(text) > SHOWN_OUTPUT_CHARS:
            text = text[:SHOWN_OUTPUT_CHARS] + "\n[... output cut ...]"
        return text


class ExerciseSandbox:
    """One learner file, one worker process at a time, many calls."""

    def __init__(self, exercise_path: Path, module_name: str, limits: Limits, source: bytes | None = None,
                 untrusted: bool = False, prepare: tuple = ()) -> None:
        self.exercise_path = exercise_path.resolve()
        self.prepare = prepare  # recipes every worker of this exercise initialises while it boots
        self.module_name = module_name
        self.limits = limits
        self.source = source
        self.untrusted = untrusted
        self.layers: dict[str, str] = {}  # what the kernel enforced around the last worker (confinement.py)
        self._last_output = ""
        self._scratch = Path(tempfile.mkdtemp(prefix="autograd-kit-"))
        self._worker: WorkerProcess | None = None
        self._sticky: CallOutcome | None = None  # an import that failed fails every later call
        self._hung: set[str] = set()
        self._pending: Pending | None = None
        self._start_lock = threading.Lock()
        self._starting: threading.Thread | None = None

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
        from autograd_kit.probes import PROBES
        from autograd_kit.worker import Request

        if PROBES.get(probe.__name__) is not probe:
            raise ValueError(f"{probe.__name__} is not a registered probe")
        nonce = secrets.randbits(63)
        buffer = io.BytesIO()
        torch.save(Request(probe.__name__, kwargs or {}, forbid_autograd, nonce), buffer)
        request = buffer.getvalue()
        if self._worker is None or not self._worker.ready():
            # Still booting: the judge computes its truth meanwhile, and sends when result() is asked for.
            self.start_in_background()
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
        worker = self._ensure_worker()
        if isinstance(worker, CallOutcome):
            return worker
        if not worker.send(request):
            return self._crashed(worker, time.perf_counter())
        return None

    def _collect(self, request: bytes, nonce: int, uses: tuple[str, ...]) -> CallOutcome:
        self._pending = None
        started = time.perf_counter()
        outcome = self._await_reply(nonce)
        if outcome.kind is CallKind.TIMEOUT:
            # Once more, in a fresh worker, before the learner is told: the first
            # try may have lost its time to a machine that was busy elsewhere.
            self._sticky = None
            retry = self._send(request)
            outcome = retry if retry is not None else self._await_reply(nonce)
            if outcome.kind is CallKind.TIMEOUT and not outcome.error.get("at_import"):
                self._hung.update(uses)
        outcome.seconds = time.perf_counter() - started
        printed = self._worker.new_output() if self._worker is not None else self._last_output
        self._last_output = ""
        outcome.output = outcome.output or printed
        return outcome

    def _await_reply(self, nonce: int) -> CallOutcome:
        worker = self._worker
        assert worker is not None
        limits = self.limits
        if not worker.imported:
            meter = Meter(worker.process.pid, limits.timeout_s, limits.wall_s, worker.booted_cpu)
            outcome = self._await_import(worker, meter)
            if outcome is not None:
                return outcome
        meter = Meter(worker.process.pid, limits.timeout_s, limits.wall_s)
        try:
            header = worker.receive(nonce, meter)
        except GarbledReply:
            return self._garbled()
        except (EOFError, OSError):
            return self._crashed(worker, meter.started)
        if header is None:
            return self._timed_out(meter.spent(), at_import=False)
        return self._outcome_from(worker, header, meter)

    def _await_import(self, worker: WorkerProcess, meter: Meter) -> CallOutcome | None:
        try:
            header = worker.receive(worker.nonce, meter)
        except GarbledReply:
            return self._garbled()
        except (EOFError, OSError):
            outcome = self._crashed(worker, meter.started)
            self._sticky = replace(outcome, error={**outcome.error, "at_import": 1})
            return replace(self._sticky)
        if header is None:
            self._sticky = self._timed_out(meter.spent(), at_import=True)
            return replace(self._sticky)
        if header.get("kind") != "imported":
            return self._outcome_from(worker, header, meter)
        worker.imported = True
        return None

    def _outcome_from(self, worker: WorkerProcess, header: dict, meter: Meter) -> CallOutcome:
        try:
            kind = CallKind(header.get("kind"))
        except ValueError:
            return CallOutcome(CallKind.BAD_RETURN, error={"message": tr("the worker sent an unknown reply")})
        if kind is CallKind.GRADER_ERROR:
            kind = CallKind.BAD_RETURN  # only the judge says the grader failed
        error = _clean_error(header.get("error"))
        if header.get("at_import"):
            self._sticky = CallOutcome(kind, error={**error, "at_import": 1})
            return replace(self._sticky)
        if kind is not CallKind.RETURNED:
            return CallOutcome(kind, error=error)
        if not worker.replies.poll(max(meter.wall_left(), 0.5)):
            self._kill()
            return CallOutcome(CallKind.TIMEOUT, error={"message": tr("the result never arrived")})
        try:
            payload = worker.replies.recv_bytes(MAX_REPLY)
            value, meta = wire.decode(payload, header.get("meta") or {})
        except wire.NotPlainData as problem:
            return CallOutcome(CallKind.BAD_RETURN, error={"type": "NotPlainData", "message": str(problem)})
        except (EOFError, OSError):
            self._kill()
            return CallOutcome(CallKind.BAD_RETURN, error={"message": tr("the result was too large or cut short")})
        return CallOutcome(CallKind.RETURNED, value=value, meta=meta)

    def _timed_out(self, spent: Spent, at_import: bool) -> CallOutcome:
        self._kill()
        if spent.over == "cpu":
            message = tr("it used {seconds:g} s of CPU time, the limit", seconds=self.limits.timeout_s)
        elif spent.cpu is not None:
            message = tr("after {seconds:.0f} s it had used only {cpu:.1f} s of CPU: it was waiting "
                         "(a sleep, input(), a lock)", seconds=spent.wall, cpu=spent.cpu)
        else:
            message = tr("no answer within {seconds:g} s", seconds=self.limits.timeout_s)
        error: dict[str, Any] = {"message": message}
        if at_import:
            error["at_import"] = 1
        return CallOutcome(CallKind.TIMEOUT, error=error)

    def _garbled(self) -> CallOutcome:
        self._kill()
        return CallOutcome(CallKind.CRASHED, error={
            "message": tr("its reply to the grader was garbled: did the code write to the grader's pipe?")})

    def start_in_background(self) -> None:
        """start(), on a thread: asking the forkserver for a process takes a while, the judge need not wait."""
        # Only the judge's main thread calls this; start() itself guards against starting twice.
        if self._worker is not None or (self._starting is not None and self._starting.is_alive()):
            return
        self._starting = threading.Thread(target=self.start, daemon=True)
        self._starting.start()

    def start(self) -> None:
        """Start the worker without waiting for it: it boots while the judge does other work."""
        with self._start_lock:
            if self._worker is None and self._sticky is None and self.source is not None:
                self._worker = WorkerProcess(self.exercise_path, self.source, self.module_name, self.limits,
                                             self._scratch, untrusted=self.untrusted, prepare=self.prepare)
                self._worker.start()

    def _ensure_worker(self) -> WorkerProcess | CallOutcome:
        """A booted worker; starting one is the kit's time, and a failure is the kit's, tried twice."""
        for _ in range(2):
            if self._worker is not None and (self._worker.requests is None or not self._worker.alive()):
                self._kill()  # released earlier, or gone: start afresh
            self.start()
            worker = self._worker
            assert worker is not None
            if worker.booted or worker.boot():
                self.layers = worker.layers
                return worker
            refusal = worker.refusal
            self._kill()
            if refusal is not None:
                self.layers = refusal.layers
                self._sticky = CallOutcome(CallKind.GRADER_ERROR, error={"message": str(refusal)})
                return replace(self._sticky)
        return CallOutcome(CallKind.GRADER_ERROR, error={
            "message": tr("the grader could not start a process to run this exercise")})

    def _crashed(self, worker: WorkerProcess, started: float) -> CallOutcome:
        code = worker.exit_code()
        output, frames = self._split_crash_report(worker.new_output() + self._kill())
        return CallOutcome(CallKind.CRASHED if (code or 0) < 0 else CallKind.EXITED,
                           error={"exit_code": code, "message": describe_exit(code, self.limits), "frames": frames},
                           output=output, seconds=time.perf_counter() - started)

    def _split_crash_report(self, output: str) -> tuple[str, list[dict]]:
        """Keep what the learner printed; turn faulthandler's dump into learner frames."""
        printed, marker, dump = output.partition("Fatal Python error")
        if not marker:
            return output, []
        source = (self.source or b"").decode("utf-8", errors="replace").splitlines()
        frames = []
        for match in FAULT_FRAME.finditer(dump):
            if Path(match["file"]).resolve() == self.exercise_path:
                line = int(match["line"])
                code = source[line - 1].strip() if 0 < line <= len(source) else ""
                frames.append({"line": line, "function": match["function"], "code": code})
        # faulthandler lists the innermost frame first
        return printed, frames[:1]

    def _kill(self) -> str:
        """Kill the current worker; keep (and return) what it printed that was not read yet."""
        with self._start_lock:  # not while a thread is still starting it
            if self._worker is None:
                return ""
            self._last_output = self._worker.kill()
            self._worker = None
        return self._last_output

    def release(self) -> None:
        """Let the worker finish on its own (it exits when its request pipe closes); close() reaps it.

        The judge moves on to the next exercise meanwhile, instead of waiting for each exit.
        """
        if self._pending is None and self._worker is not None:
            self._worker.release()

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
        self._pending = None
        self.release()
        if self._worker is not None:
            self._worker.exit_code(1)
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
    """No isolation at all: the same calls, made directly, with the worker's outcome kinds.

    For benchmarks and the seed sweep (sweep.py) only: the file runs in the judge's process.
    """

    def __init__(self, exercise_path: Path, module_name: str, limits: Limits, source: bytes | None = None) -> None:
        from autograd_kit import worker

        self.path = str(exercise_path)
        if source is None:
            self.module, self.failure = None, CallOutcome(CallKind.NOT_STARTED, error={"message": "missing",
                                                                                    "missing": 1})
            return
        setup = worker.WorkerSetup(exercise_path=self.path, source=source, module_name=module_name, scratch_dir="",
                                   output=None, memory_mb=limits.memory_mb, output_limit_bytes=limits.output_bytes)
        self.module, failure = worker._import_learner(setup)
        self.failure = _outcome_of(failure) if failure is not None else None

    def submit(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
               uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> Pending:
        return Pending.done(self.call(probe, kwargs, uses=uses, forbid_autograd=forbid_autograd))

    def call(self, probe: Callable[..., Any], kwargs: dict[str, Any] | None = None, *,
             uses: tuple[str, ...] = (), forbid_autograd: bool = False) -> CallOutcome:
        from autograd_kit import worker

        if self.failure is not None:
            return replace(self.failure)
        setup = worker.WorkerSetup(exercise_path=self.path, source=b"", module_name="", scratch_dir="",
                                   output=None, memory_mb=0, output_limit_bytes=0)
        kit = worker._Kit({probe.__name__: probe}, wire.encode, torch.load, io.BytesIO, worker._send,
                          worker._serve, os._exit)
        header, payload = worker._serve(self.module, worker.Request(probe.__name__, kwargs or {}, forbid_autograd),
                                        setup, kit)
        outcome = _outcome_of(header)
        if outcome.kind is CallKind.RETURNED:
            outcome.value, outcome.meta = wire.decode(payload, header.get("meta") or {})
        return outcome


def _outcome_of(header: dict) -> CallOutcome:
    error = _clean_error(header.get("error"))
    if header.get("at_import"):
        error["at_import"] = 1
    return CallOutcome(CallKind(header["kind"]), error=error)


_checked_layers: dict[str, str] = {}


def check_layers(limits: Limits) -> dict[str, str]:
    """Build one worker's sandbox and report its layers, running no learner code (once per process)."""
    if not _checked_layers:
        scratch = Path(tempfile.mkdtemp(prefix="autograd-kit-"))
        worker = WorkerProcess(scratch / "check.py", b"", "sandbox_check", limits, scratch, only_report=True)
        try:
            worker.start()
            worker.boot()
            _checked_layers.update(worker.layers)
            if worker.refusal is not None and not worker.layers:
                _checked_layers["user"] = f"off: {worker.refusal}"
        finally:
            worker.kill()
            shutil.rmtree(scratch, ignore_errors=True)
    return dict(_checked_layers)


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
