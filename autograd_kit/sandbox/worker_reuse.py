"""A reused worker's side: what one exercise may leave behind for the next, put back, or the worker retired.

On the learner path (the learner grading their own files) a worker that has
imported torch grades several exercises in turn (worker_pool.py, the judge's
side). Before each next exercise the worker puts back what an exercise can
change in passing: the RNGs, autograd's modes, the default dtype and device,
nn.Module's global hooks, threads, warnings filters, sys.path, the
environment, the working folder, and every module the exercise imported. What
it cannot put back, it does not try to: a function, class or module of torch,
the kit or Python's own that is no longer the object it was at boot (a
monkeypatch), an inference mode left entered, a thread still running, a
tracer, a signal handler, or most of the output allowance spent. Then the
worker tells the judge it retires and exits, and the next exercise gets a
fresh one. The judge does not take this word for it alone: it also retires a
worker whose file the source checks say reaches past its own objects.
"""

from __future__ import annotations

import importlib
import os
import random
import re
import signal
import sys
import threading
import types
import warnings
from dataclasses import dataclass, field
from typing import Any

import torch
import torch._dynamo  # noqa: F401 - imported, it wraps torch.manual_seed and others: before the baseline, not after
import torch.nn.modules.module as module_hooks

# The namespaces whose functions, classes and modules a monkeypatch would replace to fake a later exercise's
# values: Python's own, torch's autograd, tensor and module APIs, the optimizers, and the kit itself.
WATCHED_MODULES = re.compile(
    r"(builtins|math|random|operator|functools|os|sys|io|json|pickle|copyreg|linecache|traceback|numpy|"
    r"torch|torch\.(autograd|nn\.functional|nn\.modules\.module|nn\.parameter|nn\.init|func|_functorch\.apis|"
    r"_functorch\.eager_transforms|optim|linalg|functional|_tensor|serialization|random|overrides)(\..*)?|"
    r"autograd_kit(\..*)?|multiprocessing\.connection)$")
WATCHED_CLASSES = (torch.Tensor, torch._C.TensorBase, torch.nn.Module, torch.nn.Parameter, torch.optim.Optimizer,
                   torch.autograd.Function, torch.Generator)
# nn.Module's global hooks: registered by one exercise, they would run inside every later exercise's modules.
GLOBAL_HOOKS = ("_global_backward_pre_hooks", "_global_backward_hooks", "_global_forward_pre_hooks",
                "_global_forward_hooks", "_global_forward_hooks_with_kwargs", "_global_forward_hooks_always_called",
                "_global_module_registration_hooks", "_global_parameter_registration_hooks",
                "_global_buffer_registration_hooks")
WATCHED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGALRM", "SIGTERM", "SIGINT", "SIGUSR1", "SIGUSR2",
                                                            "SIGXCPU", "SIGXFSZ", "SIGSEGV") if hasattr(signal, name))
# Rebound by Python or torch themselves, never a patch: the record of the last uncaught exception, and the
# legacy torch.Storage, which set_default_dtype points at the new dtype's storage class (reset() sets it back).
NOT_WATCHED = frozenset({("sys", "last_type"), ("sys", "last_value"), ("sys", "last_traceback"), ("sys", "last_exc"),
                         ("torch", "Storage")})
OUTPUT_SHARE = 0.5  # past this share of its output allowance, a worker is not handed another exercise


@dataclass
class Baseline:
    """The worker as it was before the first exercise ran: what reset() puts back and retire_reasons() compares."""

    objects: dict[tuple[str, str], tuple[dict, Any, Any]]
    torch_rng: torch.Tensor
    python_rng: object
    numpy_rng: Any
    warning_filters: list
    path: list[str]
    environment: dict[str, str]
    folder: str
    handlers: dict[int, Any]
    hooks: dict[str, dict] = field(default_factory=dict)
    modules: dict[str, types.ModuleType] = field(default_factory=dict)  # sys.modules before the current exercise
    threads: frozenset[int] = frozenset()  # the Python threads already running when the baseline was taken

    @classmethod
    def take(cls) -> Baseline:
        numpy = sys.modules.get("numpy")
        baseline = cls(
            objects=_watched_objects(), torch_rng=torch.get_rng_state(), python_rng=random.getstate(),
            numpy_rng=numpy.random.get_state() if numpy is not None else None,
            warning_filters=list(warnings.filters), path=list(sys.path), environment=dict(os.environ),
            folder=os.getcwd(), handlers={number: signal.getsignal(number) for number in WATCHED_SIGNALS},
            hooks={name: dict(getattr(module_hooks, name)) for name in GLOBAL_HOOKS if hasattr(module_hooks, name)},
            threads=frozenset(thread.ident for thread in threading.enumerate() if thread.ident is not None))
        baseline.mark()
        return baseline

    def mark(self) -> None:
        """Remember sys.modules as it is now: the next exercise's imports are what is added after this."""
        self.modules = dict(sys.modules)

    def retire_reasons(self, output_used: float) -> list[str]:
        """Why this worker must not grade another exercise: empty when reset() can put everything back."""
        reasons = [f"{owner}.{name} was replaced" for (owner, name), (space, value, code) in self.objects.items()
                   if space.get(name) is not value or getattr(value, "__code__", None) is not code]
        if torch.is_inference_mode_enabled():
            reasons.append("inference mode was left entered")
        if any(thread.ident not in self.threads for thread in threading.enumerate()):
            reasons.append("a thread is still running")
        if sys.gettrace() is not None or sys.getprofile() is not None:
            reasons.append("a tracer or profiler is set")
        reasons += [f"signal {number} has a new handler" for number, handler in self.handlers.items()
                    if signal.getsignal(number) != handler]
        if output_used > OUTPUT_SHARE:
            reasons.append("most of its output allowance is spent")
        return reasons[:5]

    def reset(self) -> None:
        """Put back what an exercise may change in passing (the caller checked retire_reasons() first)."""
        self._forget_modules()
        torch.set_rng_state(self.torch_rng)
        random.setstate(self.python_rng)  # type: ignore[arg-type]
        numpy = sys.modules.get("numpy")
        if numpy is not None and self.numpy_rng is not None:
            numpy.random.set_state(self.numpy_rng)
        torch.set_grad_enabled(True)
        torch.set_default_dtype(torch.float32)
        torch.set_default_device(None)
        torch.set_anomaly_enabled(False)
        torch.use_deterministic_algorithms(False)
        torch.set_num_threads(1)
        for name, saved in self.hooks.items():
            hooks = getattr(module_hooks, name)
            hooks.clear()
            hooks.update(saved)
        warnings.filters[:] = self.warning_filters
        sys.path[:] = self.path
        os.environ.clear()
        os.environ.update(self.environment)
        os.chdir(self.folder)
        importlib.invalidate_caches()  # a helper module written again under the same name is read again
        self.mark()

    def _forget_modules(self) -> None:
        """Drop what the exercise imported, put back what it replaced; keep what torch or the kit loaded lazily
        (a submodule of a package that was there before, read from that package's own folder)."""
        for name in list(sys.modules):
            module = sys.modules[name]
            before = self.modules.get(name)
            if before is not None:
                if module is not before:
                    sys.modules[name] = before
            elif not _lazy_part_of(name, module, self.modules):
                del sys.modules[name]
        for name, module in self.modules.items():
            sys.modules.setdefault(name, module)


def _lazy_part_of(name: str, module: Any, before: dict[str, types.ModuleType]) -> bool:
    root = before.get(name.partition(".")[0])
    folders = getattr(root, "__path__", None)
    where = getattr(module, "__file__", None)
    if not folders or not isinstance(where, str) or "." not in name:
        return False
    return any(os.path.abspath(where).startswith(os.path.join(os.path.abspath(f), "")) for f in folders)


def _watched_objects() -> dict[tuple[str, str], tuple[dict, Any, Any]]:
    spaces = [(name, vars(module)) for name, module in list(sys.modules.items())
              if module is not None and WATCHED_MODULES.match(name)]
    spaces += [(cls.__qualname__, cls.__dict__) for cls in WATCHED_CLASSES]
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading some of torch's attributes warns of their deprecation
        for owner, space in spaces:
            for name, value in list(space.items()):
                watched = callable(value) or isinstance(value, (types.ModuleType, property, classmethod, staticmethod))
                if watched and (owner, name) not in NOT_WATCHED:
                    found[(owner, name)] = (space, value, getattr(value, "__code__", None))
    return found
