"""The child side of the sandbox: the only place where learner code runs.

The judge starts one worker per exercise. The worker reads the learner's
file, locks itself down (process group, memory and file-size limits, one
thread, offline, a scratch folder as cwd, then guard.py: no root, no new
processes, no reading the kit's solutions), runs the file, and serves requests
until the judge closes the pipe. Each
reply is a JSON header plus, for a returned value, a payload of plain data.
Nothing here is trusted by the judge: it re-checks everything it receives.
"""

from __future__ import annotations

import faulthandler
import importlib.util
import io
import json
import linecache
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import torch

from autograd_kit import guard, i18n, offline, wire
from autograd_kit.i18n import tr

MEMORY_MARKERS = ("can't allocate memory", "DefaultCPUAllocator", "not enough memory", "out of memory")


@dataclass(frozen=True)
class Request:
    """One call into learner code, sent by the trusted judge."""

    probe: Callable[..., Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    forbid_autograd: bool = False


@dataclass(frozen=True)
class WorkerSetup:
    exercise_path: str
    module_name: str
    scratch_dir: str
    output_path: str
    memory_mb: int
    output_limit_bytes: int
    protected_dirs: tuple[str, ...] = ()  # the kit's solutions/ and tests/: never readable from here


class AutogradUsed(RuntimeError):
    """Raised in the child when an exercise forbids autograd and the learner used it."""


def main(requests: Any, replies: Any, setup: WorkerSetup) -> None:
    source = _read_source(setup.exercise_path)  # before locking down: the file may not be readable after
    output = _lock_down(setup)
    _send(replies, {"kind": "booted"})
    # Import at once: the judge may start this worker while it still grades the
    # previous exercise. A hang here is caught by the first call's timeout.
    module, import_failure = _import_learner(setup, source)
    output.flush()
    _send(replies, import_failure or {"kind": "imported"})
    while True:
        try:
            raw = requests.recv_bytes()
        except (EOFError, OSError):
            os._exit(0)
        request: Request = torch.load(io.BytesIO(raw), weights_only=False)  # from the trusted judge
        if import_failure is not None:
            _send(replies, import_failure)
            continue
        header, payload = _serve(module, request, setup)
        output.flush()
        _send(replies, header, payload)


def _lock_down(setup: WorkerSetup) -> CappedWriter:
    # One thread: the judge computes its truth on the other core at the same time,
    # and two thread pools on two cores spin against each other. (It also rules
    # out the fork-after-threads deadlock, should this worker ever be forked.)
    torch.set_num_threads(1)
    os.chdir(setup.scratch_dir)
    if os.name == "posix":
        import signal

        os.setpgrp()  # so the judge can kill everything this worker starts
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing us
        _limit("RLIMIT_FSIZE", setup.output_limit_bytes)
    if sys.platform.startswith("linux"):
        # Address space, counted from what torch already maps. Only Linux: macOS maps
        # hundreds of GiB of shared cache, so a limit there would break every process.
        _limit("RLIMIT_AS", _current_address_space() + setup.memory_mb * 1024 * 1024)
    raw = open(setup.output_path, "w", encoding="utf-8", errors="replace", buffering=1)
    os.dup2(raw.fileno(), 1)
    os.dup2(raw.fileno(), 2)
    faulthandler.enable(file=raw)  # a segfault leaves the Python stack in the captured output
    output = CappedWriter(raw, setup.output_limit_bytes // 4)
    sys.stdout = sys.stderr = output
    # torchvision's deprecation warnings about `pretrained=` bury the kit's own,
    # clearer explanation (offline.py).
    warnings.filterwarnings("ignore", category=UserWarning, module="torchvision")
    offline.install()
    i18n.feedback_catalog(i18n.current())  # read now: the guard may refuse file reads later
    guard.lock(setup.scratch_dir, list(setup.protected_dirs))
    return output


class CappedWriter(io.TextIOBase):
    """print() goes here: past the cap, output is dropped rather than failing the learner's code."""

    def __init__(self, target: io.TextIOWrapper, cap: int) -> None:
        self.target, self.room = target, cap

    def write(self, text: str) -> int:
        if self.room > 0:
            kept = text[: self.room]
            self.room -= len(kept)
            try:
                self.target.write(kept)
            except OSError:
                self.room = 0
        return len(text)

    def flush(self) -> None:
        try:
            self.target.flush()
        except OSError:
            pass

    def fileno(self) -> int:
        return self.target.fileno()


def _limit(name: str, value: int) -> None:
    import resource

    try:
        resource.setrlimit(getattr(resource, name), (value, value))
    except (ValueError, OSError, AttributeError):
        pass  # a platform that refuses a limit still grades, with the timeout as the backstop


def _current_address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


def _read_source(path: str) -> bytes | OSError:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        return error


def _import_learner(setup: WorkerSetup, source: bytes | OSError) -> tuple[ModuleType | None, dict | None]:
    """Run the learner's file as a module, from the bytes read before the lock-down."""
    path = setup.exercise_path
    module = ModuleType(setup.module_name)
    module.__file__ = path
    module.__spec__ = importlib.util.spec_from_loader(setup.module_name, loader=None, origin=path)
    sys.modules[setup.module_name] = module
    try:
        if isinstance(source, OSError):
            raise source
        text = source.decode("utf-8")
        # Tracebacks and inspect read lines through linecache; give it the text already read.
        linecache.cache[path] = (len(text), None, text.splitlines(keepends=True), path)
        exec(compile(source, path, "exec"), module.__dict__)  # noqa: S102 - this is the sandbox
    except SyntaxError as error:
        return None, {
            "kind": "syntax_error",
            "at_import": True,
            "error": {
                "type": type(error).__name__,
                "message": error.msg or str(error),
                "line": error.lineno,
                "column": error.offset,
                "code": (error.text or "").rstrip("\n"),
            },
        }
    except BaseException as error:  # noqa: BLE001 - learner code may raise anything, SystemExit included
        kind = "exited" if isinstance(error, SystemExit) else "memory" if _is_memory_error(error) else "import_error"
        return None, {"kind": kind, "at_import": True, "error": _describe(error, setup.exercise_path)}
    return module, None


def _serve(module: ModuleType, request: Request, setup: WorkerSetup) -> tuple[dict, bytes]:
    started = time.perf_counter()
    try:
        with _autograd_forbidden(request.forbid_autograd):
            value = request.probe(module, **request.kwargs)
        payload, meta = wire.encode(value)
    except NotImplementedError as error:
        # Only the learner's own stub means "not started"; torch raises it for unsupported ops too.
        kind = "not_started" if _raised_in(error, setup.exercise_path) else "raised"
        return {"kind": kind, "error": _describe(error, setup.exercise_path)}, b""
    except wire.NotPlainData as error:
        return {"kind": "bad_return", "error": {"type": "NotPlainData", "message": str(error)}}, b""
    except BaseException as error:  # noqa: BLE001
        kind = "memory" if _is_memory_error(error) else "exited" if isinstance(error, SystemExit) else "raised"
        return {"kind": kind, "error": _describe(error, setup.exercise_path)}, b""
    header = {"kind": "returned", "meta": meta, "seconds": time.perf_counter() - started}
    return header, payload


def _raised_in(error: BaseException, path: str) -> bool:
    """Whether a `raise` statement in the learner's file raised it (torch's C code adds no frame of its own)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames or os.path.abspath(frames[-1].filename) != os.path.abspath(path):
        return False
    return (frames[-1].line or "").lstrip().startswith("raise")


def _is_memory_error(error: BaseException) -> bool:
    return isinstance(error, MemoryError) or (
        isinstance(error, RuntimeError) and any(m in str(error) for m in MEMORY_MARKERS)
    )


class _autograd_forbidden:
    """Replace autograd's entry points for the duration of one call."""

    def __init__(self, active: bool) -> None:
        self.active = active
        self.saved: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> None:
        if not self.active:
            return
        import torch.autograd.functional as functional
        import torch.func

        targets = [
            (torch.autograd, "backward"), (torch.autograd, "grad"), (torch.Tensor, "backward"),
            (functional, "jacobian"), (functional, "vjp"), (functional, "hessian"),
            (torch.func, "grad"), (torch.func, "vjp"), (torch.func, "jacrev"), (torch.func, "jacfwd"),
        ]
        for owner, name in targets:
            self.saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, _refuse(f"{owner.__name__}.{name}"))

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self.saved):
            setattr(owner, name, original)


def _refuse(api: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AutogradUsed(tr("this function must not use autograd, but it called {api}", api=api))

    return refused


def _describe(error: BaseException, learner_path: str) -> dict:
    frames = [
        {"line": f.lineno, "function": f.name, "code": (f.line or "").strip()}
        for f in traceback.extract_tb(error.__traceback__)
        if os.path.abspath(f.filename) == os.path.abspath(learner_path)
    ]
    message = str(error)
    if isinstance(error, SystemExit):
        message = tr("exit code {code}", code=repr(error.code))
    return {"type": type(error).__name__, "message": message[:2000], "frames": frames[-5:]}


def _send(replies: Any, header: dict, payload: bytes = b"") -> None:
    replies.send_bytes(json.dumps(header).encode())
    if header.get("kind") == "returned":
        replies.send_bytes(payload)
