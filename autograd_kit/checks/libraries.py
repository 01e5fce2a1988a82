"""Which libraries, and which of their modules, an exercise file may reach: allowlists, checked on the
judge's own copies of the modules, without running anything of the learner's; and what each name and
attribute chain of the file stands for in those libraries, through its imports and aliases.

A module not listed here (sys, gc, ctypes, importlib, inspect, the kit, torch.jit, torch.ops, torch.library,
torch.fx, numpy.ctypeslib...) can reach any object, or turn a string into code, whatever route the file takes
to it: an import, an attribute (torch.sys, os.sys), or `from torch import jit`.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import types
from functools import lru_cache

from autograd_kit.checks.syntax import last_name, literal_getattr, walk

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
    "torch.utils.hooks", "torch.utils.checkpoint", "torch.testing.*", "torch.random", "torch.types", "torch.functional",
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


class LibraryPaths(dict):
    """node id -> the library paths it may stand for (torch.jit), and the names bound to anything from a library."""

    tainted: set[str]


ALIASES_KEPT = 4  # paths remembered per name: more than this and the rest are not followed
PATH_PARTS = 8  # parts of a library path spelled out: no allowed library nests its modules deeper


def library_paths(nodes: list[ast.AST], imports: dict[str, str]) -> LibraryPaths:
    """What each name, attribute chain and literal getattr may stand for, through imports and aliases
    (T = torch; T.jit is torch.jit), and which names hold something taken from a library (t = type(x) too).

    One pass collects the aliases, one follows them from the imports (each name once), one spells each node
    from its parts (each node once: ast.walk's order reversed puts an attribute after the chain below it)."""
    edges: dict[str, list[tuple[str, str | None]]] = {}  # name -> [(alias, attributes read)] made from it
    tainted: set[str] = set(imports)
    for node in nodes:
        pairs: list[tuple[ast.AST, ast.AST]] = []
        if isinstance(node, ast.Assign):
            pairs = [(t, node.value) for t in node.targets]
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            pairs = [(node.target, node.value)]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            pairs = [(node.optional_vars, node.context_expr)]
        for target, value in pairs:
            names = [n.id for n in walk(target) if isinstance(n, ast.Name)]
            for source, suffix in _sources(value):
                for name in names:
                    if source is None:
                        tainted.add(name)  # type(x), getattr(...): a library's class or function, whatever x is
                    else:
                        edges.setdefault(source, []).append((name, suffix if isinstance(target, ast.Name) else None))
    known: dict[str, set[str]] = {name: {path} for name, path in imports.items()}
    todo = list(tainted)
    while todo:
        name = todo.pop()
        for alias, suffix in edges.get(name, ()):
            grown = {path + suffix for path in known.get(name, ())} if suffix is not None else set()
            paths = known.setdefault(alias, set())
            new = {p for p in grown if p not in paths}
            if alias not in tainted or (new and len(paths) < ALIASES_KEPT):
                tainted.add(alias)
                paths.update(list(new)[:ALIASES_KEPT - len(paths)])
                todo.append(alias)
    result = LibraryPaths()
    result.tainted = tainted
    for node in reversed(nodes):
        if isinstance(node, ast.Name) and known.get(node.id):
            result[id(node)] = known[node.id]
        elif isinstance(node, ast.Attribute) and id(node.value) in result:
            # modules nest a few levels deep: a longer path only spells attributes of a class or function
            result[id(node)] = {f"{p}.{node.attr}" for p in result[id(node.value)] if p.count(".") < PATH_PARTS}
        elif isinstance(node, ast.Call) and literal_getattr(node) is not None and id(node.args[0]) in result:
            result[id(node)] = {f"{p}.{literal_getattr(node)}" for p in result[id(node.args[0])]}
    return result


def _sources(value: ast.AST) -> list[tuple[str | None, str | None]]:
    """The names VALUE is taken from, with the attributes read off them (torch.nn: ("torch", ".nn"); xs[0]: ("xs",
    None), a path no longer known), or (None, None) for a library's class or function whatever the argument
    (type(x), getattr(x, ...))."""
    if isinstance(value, (ast.Tuple, ast.List)):
        return [(name, None) for v in value.elts for name, _ in _sources(v)]
    if isinstance(value, ast.Call):
        return [(None, None)] if last_name(value.func) in ("type", "getattr") else []
    suffix: list[str] | None = []
    while isinstance(value, (ast.Attribute, ast.Subscript)):
        if isinstance(value, ast.Attribute) and suffix is not None:
            suffix.append(f".{value.attr}")
        else:
            suffix = None
        value = value.value
    if isinstance(value, ast.Name):
        return [(value.id, "".join(reversed(suffix)) if suffix is not None else None)]
    return []
