"""The child side of the sandbox: the only place where learner code runs.

The judge starts one worker per exercise and hands it the learner's file as
bytes (the same bytes it parsed). The worker locks itself down: the kernel's
layers first (confinement.py: namespaces, its own user, limits, closed
descriptors, Landlock, seccomp), then one thread, the output capture, a
trimmed environment, offline, and guard.py's audit hook. It takes a private
copy of the kit code it will run (the probes, the wire), runs the file, and
serves requests until the judge closes the pipe. Each reply is a
JSON header carrying the request's nonce, plus, for a returned value, a
payload of plain data. Nothing here is trusted by the judge: it re-checks
everything it receives, and believes what kit code here reports about the
learner's objects only for files that leave the kit and torch alone (source.py).
"""

from __future__ import annotations

import builtins
import faulthandler
import gc
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
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

import torch

from autograd_kit import i18n
from autograd_kit.checks import probes
from autograd_kit.i18n import tr
from autograd_kit.sandbox import (budget, guard, isolation, offline, trace, wire, worker_output, worker_reuse,
                                   worker_scrub)
from autograd_kit.sandbox.kernel import confinement, policy
from autograd_kit.sandbox.worker_output import CappedWriter
from autograd_kit.submission.text import decode_source

# Autograd's defaults for every call, whatever the file switched on or off at import (set_grad_enabled(False),
# an inference_mode entered and never left): taken before the file runs, so it cannot rebind them.
_grad_mode, _inference_mode = torch.enable_grad, torch.inference_mode
# Kit code, taken before the learner's file runs (feedback only: trace.py)
_recording, _trace = trace.recording, trace.header_of
MEMORY_MARKERS = ("can't allocate memory", "DefaultCPUAllocator", "not enough memory", "out of memory")


@dataclass(frozen=True)
class Request:
    """One call into learner code, sent by the trusted judge: a probe, by name, and its arguments."""

    probe: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    forbid_autograd: bool = False
    nonce: int = 0  # echoed in the reply: a stale reply, or one written on the pipe blind, does not carry it
    following: NextExercise | None = None  # instead of a call: a reused worker's next exercise


@dataclass(frozen=True)
class NextExercise:
    """The judge's word to a reused worker: forget the exercise it graded, and import this one."""

    exercise_path: str
    source: bytes
    module_name: str
    prepare: tuple = ()


@dataclass(frozen=True)
class WorkerSetup:
    exercise_path: str  # where the file is shown as coming from (tracebacks); it is not read from there
    source: bytes
    module_name: str
    scratch_dir: str
    output: PassedFile | None  # the judge's file for what the worker prints, as a descriptor (None: in-process)
    memory_mb: int
    output_limit_bytes: int
    protected_dirs: tuple[str, ...] = ()  # the kit's solutions/ and tests/: never readable from here
    nonce: int = 0  # echoed in "booted" and "imported"
    # Untrusted work, and where it is graded: refuse to run it without the layers that scope needs (policy.py).
    require_kernel_layers: policy.Scope | None = None
    only_report: bool = False  # build the sandbox, say what it is, run nothing (the judge's check before a batch)
    prepare: tuple = ()  # recipes (recipes.py) the exercise's checks will build: initialised while booting
    cgroup: tuple[str, ...] = ()  # the cgroup.procs files of the group the judge made for this worker
    cgroup_note: str = ""  # what that group is, or why there is none
    hidden: tuple[str, ...] = ()  # the grader's runtime folder: covered in the worker's mounts
    reusable: bool = False  # the learner's own files: it may be handed another exercise (worker_reuse.py)


class PassedFile:
    """A descriptor of the judge's, handed to the worker by the start method (never by path).

    Where descriptors cannot be passed (spawn on Windows), the file's path is used instead.
    """

    def __init__(self, fd: int, path: str) -> None:
        self.fd, self.path = fd, path

    def __reduce__(self) -> tuple:
        if os.name == "posix":
            from multiprocessing import reduction

            return _received_fd, (reduction.DupFd(self.fd), self.path)
        return _opened_by_path, (self.path,)


def _received_fd(duplicate: Any, path: str) -> int:
    return duplicate.detach()


def _opened_by_path(path: str) -> int:
    return os.open(path, os.O_WRONLY | os.O_APPEND)


# Variables a worker keeps; everything else in the judge's environment is dropped before learner code runs.
KEPT_ENVIRONMENT = isolation.KEPT_ENVIRONMENT


class AutogradUsed(RuntimeError):
    """Raised in the child when an exercise forbids autograd and the learner used it."""


def main(requests: Any, replies: Any, setup: WorkerSetup) -> None:
    # The boot nonce in a local: the setup itself lives as long as the worker (multiprocessing's call that
    # passed it holds it), so it is wiped in place.
    boot_nonce = setup.nonce
    object.__setattr__(setup, "nonce", 0)
    try:
        output, layers = _lock_down(setup, requests.fileno(), replies.fileno())
    except confinement.Refused as problem:
        _send(replies, {"kind": "refused", "message": str(problem)}, nonce=boot_nonce)
        os._exit(0)
    if setup.only_report or (setup.require_kernel_layers and policy.decide(layers, setup.require_kernel_layers).refused):
        _send(replies, {"kind": "refused" if not setup.only_report else "booted", "layers": layers,
                        "message": "the kernel layers untrusted work needs are not all there"}, nonce=boot_nonce)
        os._exit(0)
    # The kit code this worker runs, taken before learner code can replace any of it.
    kit = _Kit(dict(probes.PROBES), wire.encode, torch.load, io.BytesIO, _send, _serve, os._exit, gc.collect, _switch)
    _rehearse(kit)
    baseline = worker_reuse.Baseline.take() if setup.reusable else None  # before any exercise's work
    for recipe in setup.prepare:
        recipe.prepare()
    worker_scrub.forget_the_judge()  # its argv, folder, authkey, the forkserver's address, the pickled Process
    kit.send(replies, {"kind": "booted", "cpu": budget.own_cpu_seconds(), "layers": layers}, nonce=boot_nonce)
    # Import at once: the judge may start this worker while it still grades the
    # previous exercise. The judge times the import from the CPU mark above.
    module, import_failure = _import_learner(setup)
    output.flush()
    kit.send(replies, import_failure or {"kind": "imported"}, nonce=boot_nonce)
    while True:
        try:
            raw = requests.recv_bytes()
        except (EOFError, OSError):
            kit.exit(0)
        request: Request = kit.load(kit.bytes_io(raw), weights_only=False)  # from the trusted judge
        # The nonce only in a local the reply needs: the Request, and the bytes it came in, are gone before
        # learner code runs (a young-generation collection: they hold no cycles, this is for what torch.load left).
        nonce, call, following = request.nonce, (request.probe, request.kwargs, request.forbid_autograd), request.following
        del request, raw
        kit.collect(0)
        if following is not None:
            setup, module, import_failure = kit.switch(baseline, setup, following, output, replies, layers, kit, nonce)
            del following
            continue
        if import_failure is not None:
            kit.send(replies, import_failure, nonce=nonce)
            continue
        header, payload = kit.serve(module, *call, setup, kit)
        del call
        output.flush()
        kit.send(replies, header, payload, nonce=nonce)


@dataclass(frozen=True)
class _Kit:
    probes: dict[str, Callable[..., Any]]
    encode: Callable[[Any], tuple[bytes, dict]]
    load: Callable[..., Any]
    bytes_io: Callable[[bytes], io.BytesIO]
    send: Callable[..., None]
    serve: Callable[..., tuple[dict, bytes]]
    exit: Callable[[int], Any]
    collect: Callable[[int], int]
    switch: Callable[..., tuple] | None = None


def _switch(baseline: worker_reuse.Baseline | None, setup: WorkerSetup, following: NextExercise,
            output: CappedWriter, replies: Any, layers: dict[str, str], kit: _Kit,
            nonce: int) -> tuple[WorkerSetup, ModuleType | None, dict | None]:
    """Forget the exercise just graded and import the next, answering as a fresh worker would (booted, then
    imported); or, when the last one left what cannot be put back, say so and exit (worker_reuse.py)."""
    reasons = baseline.retire_reasons(output.used(setup.output_limit_bytes)) if baseline else ["not reusable"]
    if baseline is None or reasons:
        kit.send(replies, {"kind": "retired", "message": "; ".join(reasons)}, nonce=nonce)
        kit.exit(0)
    baseline.reset()
    sys.stdout = sys.stderr = output
    output.room = setup.output_limit_bytes // 4
    setup = replace(setup, exercise_path=following.exercise_path, source=following.source,
                    module_name=following.module_name, prepare=following.prepare)
    for recipe in setup.prepare:
        recipe.prepare()
    kit.collect(2)
    kit.send(replies, {"kind": "booted", "cpu": budget.own_cpu_seconds(), "layers": layers}, nonce=nonce)
    module, failure = _import_learner(setup)
    output.flush()
    kit.send(replies, failure or {"kind": "imported"}, nonce=nonce)
    return setup, module, failure


def _rehearse(kit: _Kit) -> None:
    """One small call's worth of the kit's own work, before the learner's clock starts.

    A forked worker copies each page of torch's memory the first time it writes
    there: about 15 ms of the first call. Done here, in the kit's boot time, and
    while the judge is still busy with an earlier exercise.
    """
    buffer = kit.bytes_io(b"")
    torch.save(Request("", {"x": torch.ones(2)}, False, 0), buffer)
    kit.load(kit.bytes_io(buffer.getvalue()), weights_only=False)
    x = torch.ones(3, requires_grad=True)
    with _inference_mode(False), _grad_mode():
        (x * x).sum().backward()
    kit.encode({"grad": x.grad, "value": [1.0, "a"]})


def _lock_down(setup: WorkerSetup, *channels: int) -> tuple[CappedWriter, dict[str, str]]:
    """The kernel's layers first (confinement.py: this may fork, and go on as PID 1 of new namespaces),
    then the Python-level first line: output capture, offline, the audit hook."""
    # One thread: the judge computes its truth on the other core at the same time,
    # and two thread pools on two cores spin against each other.
    torch.set_num_threads(1)
    output_fd = setup.output if isinstance(setup.output, int) else -1
    if os.name == "posix":
        import signal

        os.setpgrp()  # so the judge can kill everything this worker starts
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing us
    # Address space, counted from what torch already maps. Only Linux: macOS maps
    # hundreds of GiB of shared cache, so a limit there would break every process.
    address_space = worker_output.current_address_space() if sys.platform.startswith("linux") else 0
    plan = confinement.Plan(setup.scratch_dir, (*channels, output_fd), setup.memory_mb, setup.output_limit_bytes,
                            address_space, setup.cgroup, setup.cgroup_note, setup.hidden)
    layers = confinement.confine(plan)
    if not sys.platform.startswith("linux"):
        worker_output.limit("RLIMIT_FSIZE", setup.output_limit_bytes)
    os.chdir(setup.scratch_dir)
    for name in list(os.environ):
        if name not in KEPT_ENVIRONMENT:
            del os.environ[name]
    os.environ["HOME"] = setup.scratch_dir
    raw = os.fdopen(output_fd, "w", encoding="utf-8", errors="replace", buffering=1)
    os.dup2(raw.fileno(), 1)
    os.dup2(raw.fileno(), 2)
    faulthandler.enable(file=raw)  # a segfault leaves the Python stack in the captured output
    output = CappedWriter(raw, setup.output_limit_bytes // 4)
    sys.stdout = sys.stderr = output
    # torchvision's deprecation warnings about `pretrained=` bury the kit's own,
    # clearer explanation (offline.py).
    warnings.filterwarnings("ignore", category=UserWarning, module="torchvision")
    offline.install()
    i18n.feedback_catalog(i18n.current())  # read now: nothing outside the kit's package is readable later
    guard.lock(setup.scratch_dir, list(setup.protected_dirs))
    return output, layers


def _import_learner(setup: WorkerSetup) -> tuple[ModuleType | None, dict | None]:
    """Run the learner's file as a module, from the bytes the judge sent (and parsed)."""
    path, source = setup.exercise_path, setup.source
    module = ModuleType(setup.module_name)
    module.__file__ = path
    module.__spec__ = importlib.util.spec_from_loader(setup.module_name, loader=None, origin=path)
    # Its own builtins: rebinding one of them changes the learner's module only, not kit code.
    module.__dict__["__builtins__"] = dict(builtins.__dict__)
    sys.modules[setup.module_name] = module
    try:
        text = decode_source(source)  # as the judge parsed it: no BOM, "\n" line ends
        # Tracebacks and inspect read lines through linecache; give it the text already read.
        linecache.cache[path] = (len(text), None, text.splitlines(keepends=True), path)
        exec(compile(text, path, "exec"), module.__dict__)  # noqa: S102 - this is the sandbox
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


def _serve(module: ModuleType, probe_name: str, kwargs: dict[str, Any], forbid_autograd: bool, setup: WorkerSetup,
           kit: _Kit) -> tuple[dict, bytes]:
    started = time.perf_counter()
    probe = kit.probes.get(probe_name)
    if probe is None:
        return {"kind": "bad_return", "error": {"type": "UnknownProbe", "message": probe_name}}, b""
    recorder = _recording(setup.exercise_path)
    value = None
    try:
        with _inference_mode(False), _grad_mode(), _autograd_forbidden(forbid_autograd), recorder:
            value = probe(module, **kwargs)
        payload, meta = kit.encode(value)
    except NotImplementedError as error:
        # Only the learner's own stub means "not started"; torch raises it for unsupported ops too.
        kind = "not_started" if _raised_in(error, setup.exercise_path) else "raised"
        return {"kind": kind, "error": _describe(error, setup.exercise_path), **_trace(recorder, None)}, b""
    except wire.NotPlainData as error:
        return {"kind": "bad_return", "error": {"type": "NotPlainData", "message": str(error)},
                **_trace(recorder, None)}, b""
    except BaseException as error:  # noqa: BLE001
        kind = "memory" if _is_memory_error(error) else "exited" if isinstance(error, SystemExit) else "raised"
        return {"kind": kind, "error": _describe(error, setup.exercise_path), **_trace(recorder, None)}, b""
    header = {"kind": "returned", "meta": meta, "seconds": time.perf_counter() - started, **_trace(recorder, value)}
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


def _send(replies: Any, header: dict, payload: bytes = b"", *, nonce: int) -> None:
    replies.send_bytes(json.dumps({**header, "nonce": nonce}).encode())
    if header.get("kind") == "returned":
        replies.send_bytes(payload)
