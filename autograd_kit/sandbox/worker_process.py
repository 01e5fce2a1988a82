"""One worker process, from the judge's side: start it, wait for it to boot, talk to it, kill it, read its output.

Workers are forked from a forkserver that has torch imported already, or
spawned where forkserver does not exist (Windows); both get their setup by
pickle (worker.py is the other end).
"""

from __future__ import annotations

import json
import multiprocessing.process
import os
import secrets
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd_kit.exercises.manifest import KIT_ROOT
from autograd_kit.sandbox import wire, worker_cgroup
from autograd_kit.sandbox.budget import Meter
from autograd_kit.sandbox.calls import SandboxRefused
from autograd_kit.sandbox.frames import FrameReader, FrameTooLarge, MessageFrames, read_in_time
from autograd_kit.sandbox.isolation import Limits, context

if TYPE_CHECKING:
    from autograd_kit.sandbox.kernel.policy import Scope

MAX_REPLY = 8 + wire.MAX_HEADER + wire.MAX_PAYLOAD  # a reply's payload frame
MAX_HEADER_FRAME = 1024 * 1024  # a reply's JSON header frame
SHOWN_OUTPUT_CHARS = 4000
POLL_S = 0.05  # how often the judge looks at the worker's CPU time while it waits


class GarbledReply(Exception):
    """Something other than the worker's protocol arrived on the reply pipe."""


class WorkerProcess:
    """One worker's life: start it, wait for it to boot, talk to it, kill it, read what it printed."""

    def __init__(self, exercise_path: Path, source: bytes, module_name: str, limits: Limits, scratch: Path,
                 untrusted: Scope | None = None, only_report: bool = False, prepare: tuple = (),
                 reusable: bool = False, protected: tuple[str, ...] | None = None) -> None:
        self.exercise_path, self.source, self.module_name, self.limits = exercise_path, source, module_name, limits
        self.scratch, self.untrusted, self.only_report, self.prepare = scratch, untrusted, only_report, prepare
        self.reusable, self.protected = reusable, protected if protected is not None else protected_dirs(exercise_path)
        self.printed = PrintedOutput(scratch)
        self.output = self.printed.file
        self.nonce = secrets.randbits(63)
        self.layers: dict[str, str] = {}
        self.refusal: SandboxRefused | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.requests: Any = None
        self.replies: Any = None
        self.booted, self.imported = False, False
        self.booted_cpu: float | None = None  # the worker's CPU time when it had booted, before learner code
        self.settled, self.unanswered = False, 0  # its import's answer read; requests sent, answers not yet read
        self.group: worker_cgroup.Group | None = None  # its cgroup: made here, joined by the worker, ended in kill()
        self._frames: FrameReader | MessageFrames | None = None  # the reply pipe's frames, read from its raw descriptor

    def start(self) -> None:
        from autograd_kit.sandbox.worker import PassedFile, WorkerSetup, main

        ctx = context()
        request_reader, request_writer = ctx.Pipe(duplex=False)
        reply_reader, reply_writer = ctx.Pipe(duplex=False)
        self.group, cgroup_note = worker_cgroup.make(self.limits.memory_mb) if os.name == "posix" else (None, "")
        setup = WorkerSetup(
            exercise_path=str(self.exercise_path), source=self.source, module_name=self.module_name,
            scratch_dir=str(self.scratch), output=PassedFile(self.output.fileno(), self.output.name),
            memory_mb=self.limits.memory_mb, output_limit_bytes=self.limits.output_bytes,
            protected_dirs=self.protected, nonce=self.nonce, reusable=self.reusable,
            require_kernel_layers=self.untrusted, only_report=self.only_report, prepare=self.prepare,
            cgroup=self.group.procs_files() if self.group else (), cgroup_note=cgroup_note, hidden=runtime_folders(),
        )
        process = ctx.Process(target=main, args=(request_reader, reply_writer, setup), daemon=True)
        process.start()
        worker_cgroup.count(self.group, process.pid)
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
        worker_cgroup.check_joined(self.group, self.layers, self.process.pid if self.process else None)
        cpu = header.get("cpu")
        self.booted_cpu = float(cpu) if isinstance(cpu, (int, float)) else None
        self.booted = True
        return True

    def assign(self, exercise_path: Path, source: bytes, module_name: str, prepare: tuple, request: bytes,
               nonce: int) -> bool:
        """Hand a reused worker its next exercise: REQUEST, answered with NONCE as a fresh worker's boot is."""
        if not (self.booted and self.settled and self.reusable and self.unanswered == 0):
            return False  # an answer is still unread
        self.exercise_path, self.source, self.module_name, self.prepare = exercise_path, source, module_name, prepare
        self.nonce, self.booted, self.booted_cpu, self.imported, self.settled = nonce, False, None, False, False
        sent, self.unanswered = self.send(request), 0  # its answers, booted and imported, are boot()'s and the import's
        return sent

    def ready(self) -> bool:
        """Booted, or its word that it has booted is waiting to be read: sending now costs no wait."""
        try:
            return self.booted or (self.replies is not None and (self._frame_reader().partial or self.replies.poll(0)))
        except (OSError, EOFError):
            return True  # gone: the send that follows finds out and says so

    def receive(self, nonce: int, meter: Meter | None = None, deadline: float = 0.0) -> dict | None:
        """The next header; None when the meter ran out (or, without one, the deadline passed)."""
        raw = self.receive_frame(MAX_HEADER_FRAME, meter, deadline)
        if raw is None:
            return None
        try:
            header = json.loads(raw)
        except (ValueError, RecursionError):
            header = None
        if not isinstance(header, dict) or header.get("nonce") != nonce:
            raise GarbledReply
        return header

    def receive_frame(self, cap: int, meter: Meter | None = None, deadline: float = 0.0) -> bytearray | None:
        """The next whole frame of at most CAP bytes, never blocking past the meter (or deadline); None when
        time ran out, GarbledReply for a length the protocol never sends, EOFError when the worker is gone."""
        try:
            return read_in_time(self._frame_reader(), cap, meter, deadline, POLL_S)
        except FrameTooLarge:
            raise GarbledReply from None

    def _frame_reader(self) -> FrameReader | MessageFrames:
        if self._frames is None:
            # POSIX pipes are byte streams: read the raw descriptor. Windows' are message pipes (frames.py).
            self._frames = FrameReader(self.replies.fileno()) if os.name == "posix" else MessageFrames(self.replies)
        return self._frames

    def send(self, data: bytes) -> bool:
        try:
            self.requests.send_bytes(data)
            self.unanswered += 1
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
            self.group = worker_cgroup.end(self.group, None)
            return self._last_words()
        if self.group is not None:
            self.group.kill()  # everything it started, at once, whatever process group or session it left for
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
        self.group = worker_cgroup.end(self.group, process.pid)
        return self._last_words()

    def _last_words(self) -> str:
        return self.printed.last_words()

    def new_output(self) -> str:
        return self.printed.new()


class PrintedOutput:
    """What a worker prints: a file of the judge's, read through its own descriptor, never by a path the worker
    could have touched."""

    def __init__(self, scratch: Path) -> None:
        # None at all where the worker gets a descriptor (POSIX), so a link or FIFO the worker plants is never followed.
        if os.name == "posix":
            self.file = tempfile.TemporaryFile(prefix="autograd-kit-output-")
        else:
            self.file = open(scratch / "captured-output.txt", "w+b")  # noqa: SIM115 - closed in last_words()
        self.seen = 0

    def new(self) -> str:
        """What the worker printed since the last look."""
        try:
            data = os.pread(self.file.fileno(), SHOWN_OUTPUT_CHARS + 1, self.seen)
            self.seen = os.fstat(self.file.fileno()).st_size
        except (OSError, ValueError):
            return ""
        text = data.decode("utf-8", errors="replace")
        if len(text) > SHOWN_OUTPUT_CHARS:
            text = text[:SHOWN_OUTPUT_CHARS] + "\n[... output cut ...]"
        return text

    def last_words(self) -> str:
        if self.file.closed:
            return ""
        text = self.new()
        self.file.close()
        return text


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


def runtime_folders() -> tuple[str, ...]:
    """The grader user's runtime folder (sockets of its session: D-Bus, Wayland, ...), for the worker to cover."""
    folders = [os.environ.get("XDG_RUNTIME_DIR", ""), f"/run/user/{os.getuid()}"] if os.name == "posix" else []
    return tuple(dict.fromkeys(f for f in folders if f))


def protected_dirs(exercise_path: Path) -> tuple[str, ...]:
    """The kit's folders learner code may not read: all but the one being graded (--target solutions)."""
    folders = (KIT_ROOT / "solutions", KIT_ROOT / "tests")
    return tuple(str(f) for f in folders if not exercise_path.is_relative_to(f.resolve()))


