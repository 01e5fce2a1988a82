"""Whether what the learner's process reports about itself can be believed at all.

A file that reaches into the grader's own code, Python's internals or torch's
classes could make kit code in its process say anything. The policy is here,
as lists of what an exercise may import and touch, and one rule per method of
Tampering; LearnerSource.tampering lists every place a file breaks it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autograd_kit.checks.syntax import dotted, last_name, root
from autograd_kit.i18n import tr, tr_later

if TYPE_CHECKING:
    from autograd_kit.checks.source import LearnerSource

# Modules an exercise may import. Others (sys, gc, ctypes, inspect, importlib, pickle,
# operator, string, types, traceback, the kit itself...) reach objects the grader relies on.
ALLOWED_IMPORTS = frozenset({
    "__future__", "abc", "collections", "contextlib", "copy", "dataclasses", "decimal", "enum", "fractions",
    "functools", "heapq", "itertools", "json", "math", "cmath", "numbers", "numpy", "os", "pathlib", "pprint",
    "random", "re", "statistics", "textwrap", "time", "torch", "torchvision", "typing", "typing_extensions",
    "warnings",
})
TORCH_MODULES = frozenset({"torch", "torchvision", "functorch"})
# Builtins that read or rewrite any object or namespace, or run text as code.
DENIED_NAMES = frozenset({
    "setattr", "delattr", "globals", "locals", "vars", "eval", "exec", "compile", "breakpoint", "__import__",
    "__builtins__", "__loader__", "__spec__", "__build_class__",
})
# Modules whose whole point is reaching other objects dynamically: importing one can hide any code.
REACHING_IMPORTS = frozenset({
    "autograd_kit", "ctypes", "_ctypes", "cffi", "gc", "importlib", "sys", "builtins", "inspect", "operator", "types",
    "pickle", "_pickle", "marshal", "copyreg", "dill", "cloudpickle", "code", "codeop", "runpy", "pkgutil",
    "traceback", "string", "pydoc", "functorch", "_thread", "threading", "multiprocessing", "subprocess",
    "_posixsubprocess", "pty", "mmap",
})
ALLOWED_PRIVATE = frozenset({"_exit", "_version"})
ALLOWED_DUNDER_NAMES = frozenset({"__name__", "__file__", "__doc__", "__all__", "__annotations__"})
ALLOWED_DUNDER_ATTRIBUTES = frozenset({"__name__", "__qualname__", "__doc__", "__init__"})
ALLOWED_DUNDER_METHODS = frozenset({"__init__", "__repr__", "__str__", "__len__", "__iter__", "__next__",
                                    "__getitem__", "__call__", "__enter__", "__exit__"})
# Attribute names that lead to the interpreter's internals, raw memory, code loading or
# process-wide hooks, whatever object they are read from (torch.sys, os.sys, numpy.ctypeslib...).
DENIED_ATTRIBUTES = frozenset({
    "sys", "modules", "builtins", "ctypes", "ctypeslib", "gc", "importlib", "inspect", "f_globals", "f_locals",
    "f_back", "f_builtins", "f_code", "tb_frame", "tb_next", "gi_frame", "cr_frame", "ag_frame", "gi_code",
    "currentframe", "getframe", "load", "load_library", "load_inline", "cpp_extension", "library", "settrace",
    "as_strided", "stride_tricks",  # numpy's as_strided reads and writes raw memory without bounds
    "setprofile", "addaudithook", "get_type_hints", "get_field", "register_module_forward_hook",
    "register_module_forward_pre_hook", "register_module_backward_hook", "register_module_full_backward_hook",
    "register_module_full_backward_pre_hook", "register_module_buffer_registration_hook",
    "register_module_module_registration_hook", "register_module_parameter_registration_hook",
})
# What kit code reads off models, optimizers and tensors: replacing these makes an object lie about itself.
INTROSPECTION = frozenset({
    "named_parameters", "parameters", "named_modules", "modules", "children", "named_children", "named_buffers",
    "buffers", "state_dict", "param_groups", "defaults", "is_inference", "is_leaf", "grad_fn", "requires_grad_",
    "detach", "clone", "data_ptr", "_parameters", "_modules", "_buffers", "register_hook", "apply",
})
# What a subclass of a library class may not redefine in its class body: the facts the grader reads
# (a Parameter subclass whose requires_grad property says False, an optimizer whose step lies).
CLASS_OVERRIDES = INTROSPECTION | frozenset({
    "requires_grad", "grad", "is_leaf", "data", "shape", "dtype", "device", "training", "step", "zero_grad",
    "state", "get", "keys", "items", "values", "numel", "item", "tolist", "storage", "untyped_storage",
})



@dataclass(frozen=True)
class Finding:
    """One place in the file, and why it matters: an English template and its values, translated when shown."""

    line: int
    code: str
    reason: str
    values: tuple[tuple[str, str], ...] = ()
    # "reach" (an import that reaches any object), "import" (another module exercises do not need),
    # "dynamic" (exec, computed getattr...), "internals" (dunders, private parts, frames),
    # "patch" (changing a library's code), "class" (dunder methods, metaclasses, lying overrides)
    kind: str = "internals"

    def explain(self) -> str:
        return tr(self.reason, **dict(self.values))


class Tampering:
    """The policy behind LearnerSource.tampering, one rule per method."""

    def __init__(self, source: LearnerSource) -> None:
        self.source = source
        assert source.tree is not None
        self.tree = source.tree
        self.imported = self._imported_names()
        self.tainted = self._tainted_names()
        self.called = {id(n.func) for n in ast.walk(self.tree) if isinstance(n, ast.Call)}

    def findings(self) -> Iterator[Finding]:
        for node in ast.walk(self.tree):
            yield from self._imports(node)
            yield from self._names(node)
            yield from self._attributes(node)
            yield from self._stores(node)
            yield from self._classes(node)
            yield from self._calls(node)

    def _bad(self, node: ast.AST, kind: str, reason: str, **values: str) -> Finding:
        return self.source.finding(node, kind, reason, **values)

    def _imported_names(self) -> set[str]:
        names = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                names.update((a.asname or a.name.split(".")[0]) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                names.update((a.asname or a.name) for a in node.names)
        return names

    def _tainted_names(self) -> set[str]:
        """Names bound to a module, or to a class or function taken from one (T = torch.Tensor, t = type(x))."""
        tainted = set(self.imported)
        changed = True
        while changed:
            changed = False
            for node in ast.walk(self.tree):
                pairs: list[tuple[ast.AST, ast.AST]] = []
                if isinstance(node, ast.Assign):
                    pairs = [(t, node.value) for t in node.targets]
                elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                    pairs = [(node.target, node.value)]
                elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                    pairs = [(node.optional_vars, node.context_expr)]
                for target, value in pairs:
                    if self._from_module(value, tainted):
                        for name in (n.id for n in ast.walk(target) if isinstance(n, ast.Name)):
                            if name not in tainted:
                                tainted.add(name)
                                changed = True
        return tainted

    @staticmethod
    def _from_module(value: ast.AST, tainted: set[str]) -> bool:
        if isinstance(value, (ast.Tuple, ast.List)):
            return any(Tampering._from_module(v, tainted) for v in value.elts)
        if isinstance(value, ast.Call):
            return last_name(value.func) in ("type", "getattr")
        start = root(value)
        return isinstance(value, (ast.Attribute, ast.Name)) and isinstance(start, ast.Name) and start.id in tainted

    def _imports(self, node: ast.AST) -> Iterator[Finding]:
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield self._bad(node, "reach", tr_later("it imports from a package relative to the file"))
                return
            modules = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] not in ALLOWED_IMPORTS:
                kind = "reach" if parts[0] in REACHING_IMPORTS else "import"
                yield self._bad(node, kind, tr_later("it imports {module}, which exercises do not need"), module=parts[0])
                return
            for part in parts[1:]:
                if part.startswith("_") or part in DENIED_ATTRIBUTES or part == "*":
                    yield self._bad(node, "reach", tr_later("it imports {module}"), module=module)
                    return

    def _names(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.Name):
            return
        if node.id == "getattr" and id(node) not in self.called:
            yield self._bad(node, "dynamic", tr_later("it passes getattr around, to look up computed names"))
        elif node.id in DENIED_NAMES:
            yield self._bad(node, "dynamic", tr_later("it uses {name}, which can rewrite or run anything"), name=node.id)
        elif node.id.startswith("__") and node.id.endswith("__") and node.id not in ALLOWED_DUNDER_NAMES:
            yield self._bad(node, "dynamic", tr_later("it uses {name}"), name=node.id)

    def _attributes(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.Attribute):
            return
        name = node.attr
        if name.startswith("__") and name.endswith("__"):
            if name not in ALLOWED_DUNDER_ATTRIBUTES:
                yield self._bad(node, "internals", tr_later("it reads .{name}, an object's internals"), name=name)
        elif name in DENIED_ATTRIBUTES:
            yield self._bad(node, "internals", tr_later("it reads .{name}"), name=name)
        elif name.startswith("_") and name not in ALLOWED_PRIVATE and self._module_rooted(node):
            yield self._bad(node, "internals", tr_later("it reads {name}, a private part of a library"), name=dotted(node))

    def _module_rooted(self, node: ast.AST) -> bool:
        start = root(node)
        if isinstance(start, ast.Name):
            return start.id in self.tainted
        return isinstance(start, ast.Call) and last_name(start.func) == "type"

    def _stores(self, node: ast.AST) -> Iterator[Finding]:
        targets: list[ast.AST] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
            targets = [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets = [node.optional_vars]
        for target in targets:
            for part in ast.walk(target):
                if not isinstance(part, (ast.Attribute, ast.Subscript)) or isinstance(part.ctx, ast.Load):
                    continue
                if self._module_rooted(part):
                    yield self._bad(part, "patch", tr_later("it changes {name}, a library's own code (monkeypatching)"), name=dotted(part))
                elif isinstance(part, ast.Attribute) and part.attr in INTROSPECTION:
                    yield self._bad(part, "patch", tr_later("it replaces .{name}, which the grader reads to see what happened"), name=part.attr)

    def _classes(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.ClassDef):
            return
        if any(k.arg == "metaclass" for k in node.keywords):
            yield self._bad(node, "class", tr_later("it gives a class a metaclass"))
        for statement in node.body:
            names: list[str] = []
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [statement.name]
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            for name in names:
                if name.startswith("__") and name.endswith("__") and name not in ALLOWED_DUNDER_METHODS:
                    yield self._bad(statement, "class", tr_later("it defines {name}, which changes how Python or torch treats objects"), name=name)
                elif name in CLASS_OVERRIDES and node.bases:
                    yield self._bad(statement, "class", tr_later("it overrides {name}, which the grader reads to see what happened"), name=name)

    def _calls(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.Call):
            return
        callee = last_name(node.func)
        if callee == "getattr" and isinstance(node.func, ast.Name):
            name = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                yield self._bad(node, "dynamic", tr_later("it uses getattr with a computed name"))
            elif name.value.startswith("_") or name.value in DENIED_ATTRIBUTES:
                yield self._bad(node, "dynamic", tr_later("it reads .{name} with getattr"), name=name.value)
        elif callee == "type" and isinstance(node.func, ast.Name) and len(node.args) > 1:
            yield self._bad(node, "dynamic", tr_later("it builds a class with type()"))


def find_tampering(source: LearnerSource) -> list[Finding]:
    """Every place where the file reaches past its own objects, in the order of its lines."""
    if source.tree is None:
        return []
    return sorted(Tampering(source).findings(), key=lambda f: f.line)
