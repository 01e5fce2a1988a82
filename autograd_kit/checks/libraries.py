"""Which libraries, and which of their modules, an exercise file may reach: allowlists, checked on the
judge's own copies of the modules, without running anything of the learner's.

A module not listed here (sys, gc, ctypes, importlib, inspect, the kit, torch.jit, torch.ops, torch.library,
torch.fx, numpy.ctypeslib...) can reach any object, or turn a string into code, whatever route the file takes
to it: an import, an attribute (torch.sys, os.sys), or `from torch import jit`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from functools import lru_cache

# Top-level modules an exercise may import.
ALLOWED_IMPORTS = frozenset({
    "__future__", "abc", "collections", "contextlib", "copy", "dataclasses", "decimal", "enum", "fractions",
    "functools", "heapq", "itertools", "json", "math", "cmath", "numbers", "numpy", "os", "pathlib", "pprint",
    "random", "re", "statistics", "textwrap", "time", "torch", "torchvision", "typing", "typing_extensions",
    "warnings",
})
# Their submodules a file may reach ("x.*": x and everything under it). torch.jit, torch.ops, torch.library,
# torch._C, torch.fx, torch.hub, torch.utils.cpp_extension are not here: they run code the file does not show.
ALLOWED_SUBMODULES = frozenset({
    "os.path", "collections.abc", "json.*", "torch.nn.*", "torch.optim.*", "torch.autograd.*", "torch.func.*",
    "torch.linalg", "torch.fft", "torch.special", "torch.distributions.*", "torch.utils", "torch.utils.data.*",
    "torch.utils.hooks", "torch.testing.*", "torch.random", "torch.types", "torch.functional",
    "torch.return_types", "torch.nested.*", "torch.masked.*", "torch.sparse.*", "torch.version",
    "torch.torch_version", "torch.cuda.*", "torch.amp.*", "torch.cpu.*", "torchvision.models.*",
    "torchvision.transforms.*", "torchvision.utils", "torchvision.ops.*", "numpy.linalg.*", "numpy.random.*",
    "numpy.fft.*", "numpy.testing.*", "numpy.polynomial.*", "numpy.ma.*",
})
TORCH_MODULES = frozenset({"torch", "torchvision", "functorch"})


def allowed_module(name: str) -> bool:
    """Whether a file may reach the module NAME (by its real name: torch.sys is sys)."""
    if "." not in name:
        return name in ALLOWED_IMPORTS
    if name.split(".")[0] not in ALLOWED_IMPORTS:
        return False
    parts = name.split(".")
    return name in ALLOWED_SUBMODULES or any(".".join(parts[:i]) + ".*" in ALLOWED_SUBMODULES
                                            for i in range(2, len(parts) + 1))


@lru_cache(maxsize=4096)
def module_reached(path: str) -> str | None:
    """The first module along PATH (torch.jit.CompilationUnit, os.sys.modules) that a file may not reach,
    or None. The walk stops at the first object that is not a module (a class, a function): what is read
    off those is the business of the other rules."""
    parts = path.split(".")
    if not allowed_module(parts[0]):
        return parts[0]
    current = sys.modules.get(parts[0]) or _import(parts[0])
    for part in parts[1:]:
        if not isinstance(current, types.ModuleType):
            return None
        name = f"{current.__name__}.{part}"
        value = vars(current).get(part, sys.modules.get(name))
        if value is None and _is_module(name):
            return None if allowed_module(name) else name
        if not isinstance(value, types.ModuleType):
            return None
        if not allowed_module(value.__name__):
            return value.__name__
        current = value
    return None


def _import(name: str) -> types.ModuleType | None:
    try:
        return importlib.import_module(name)  # only an allowed top-level module: nothing of the learner's
    except Exception:  # noqa: BLE001 - a library missing here is one the file cannot use either
        return None


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except Exception:  # noqa: BLE001 - a parent that is not a package has no submodules
        return False
