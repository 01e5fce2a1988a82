"""Whether what the learner's process reports about itself can be believed at all.

A file that reaches into the grader's own code, Python's internals or torch's
classes could make kit code in its process say anything. The policy is here,
as allowlists of what an exercise may use (builtins, libraries and their
modules: libraries.py, dunders) and one rule per method of Tampering;
LearnerSource.tampering lists every place a file breaks it. Every rule looks
at each node once, so the analysis is linear in the file's size.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autograd_kit.checks.libraries import library_paths, module_reached
from autograd_kit.checks.syntax import Visits, dotted, last_name, literal_getattr, walk
from autograd_kit.i18n import tr, tr_later

if TYPE_CHECKING:
    from autograd_kit.checks.source import LearnerSource

# Builtins an exercise may use. The others read or rewrite any object or namespace (setattr, globals, vars),
# or run text as code (eval, exec, compile, breakpoint, help).
ALLOWED_BUILTINS = frozenset({
    "abs", "all", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr", "classmethod", "complex",
    "dict", "dir", "divmod", "enumerate", "filter", "float", "format", "frozenset", "getattr", "hasattr", "hash",
    "hex", "id", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next", "object",
    "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set", "slice",
    "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "zip", "Ellipsis", "NotImplemented", "input",
})
BUILTINS = frozenset(dir(builtins))
ALLOWED_PRIVATE = frozenset({"_exit", "_version"})
ALLOWED_DUNDER_NAMES = frozenset({"__name__", "__file__", "__doc__", "__all__", "__annotations__"})
ALLOWED_DUNDER_ATTRIBUTES = frozenset({"__name__", "__qualname__", "__doc__", "__init__"})
ALLOWED_DUNDER_METHODS = frozenset({"__init__", "__repr__", "__str__", "__len__", "__iter__", "__next__",
                                    "__getitem__", "__call__", "__enter__", "__exit__"})
# Attributes that lead to frames, raw memory, code loading or process-wide hooks on objects that are not
# modules (modules are libraries.py's allowlist): a frame's globals, numpy's as_strided, torch.load.
DENIED_ATTRIBUTES = frozenset({
    "f_globals", "f_locals", "f_back", "f_builtins", "f_code", "tb_frame", "tb_next", "gi_frame", "cr_frame",
    "ag_frame", "gi_code", "currentframe", "getframe", "load", "load_library", "load_inline", "settrace",
    "as_strided", "setprofile", "addaudithook", "get_type_hints", "get_field", "register_module_forward_hook",
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
    # "reach" (a module that reaches any object or runs text as code), "dynamic" (exec, computed getattr...),
    # "internals" (dunders, private parts, frames), "patch" (changing a library's code),
    # "class" (dunder methods, metaclasses, lying overrides)
    kind: str = "internals"

    def explain(self) -> str:
        return tr(self.reason, **dict(self.values))


class Tampering:
    """The policy behind LearnerSource.tampering, one rule per method."""

    def __init__(self, source: LearnerSource) -> None:
        self.source = source
        assert source.tree is not None
        self.nodes = list(walk(source.tree))
        self.called = {id(n.func) for n in self.nodes if isinstance(n, ast.Call)}
        self.inner = {id(n.value) for n in self.nodes if isinstance(n, (ast.Attribute, ast.Subscript))}
        self.paths = library_paths(self.nodes, source.imports)
        self.roots: dict[int, ast.AST] = {}

    def findings(self) -> Iterator[Finding]:
        for name, statements in self.source.scope.bindings.items():
            if _is_dunder(name) and name not in ALLOWED_DUNDER_NAMES:  # def __getattr__(name): the module's own
                yield self._bad(statements[0], "dynamic", tr_later("it defines {name}, which changes how Python or torch treats objects"), name=name)
        for node in self.nodes:
            yield from self._imports(node)
            yield from self._names(node)
            yield from self._attributes(node)
            yield from self._stores(node)
            yield from self._classes(node)
            yield from self._calls(node)

    def _bad(self, node: ast.AST, kind: str, reason: str, **values: str) -> Finding:
        return self.source.finding(node, kind, reason, **values)

    def _root(self, node: ast.AST) -> ast.AST:
        """root(), remembered for every link of the chain: each chain is followed once, however long."""
        chain = []
        while isinstance(node, (ast.Attribute, ast.Subscript)) and id(node) not in self.roots:
            chain.append(node)
            node = node.value
        start = self.roots.get(id(node), node)
        for link in chain:
            self.roots[id(link)] = start
        return start

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
            reached = module_reached(module)
            if reached is not None and "." not in module:
                yield self._bad(node, "reach", tr_later("it imports {module}, which exercises do not need"), module=reached)
                return
            if reached is not None or any(p.startswith("_") or p in DENIED_ATTRIBUTES or p == "*" for p in module.split(".")[1:]):
                yield self._bad(node, "reach", tr_later("it imports {module}"), module=module)
                return

    def _names(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.Name):
            return
        if node.id == "getattr" and id(node) not in self.called:
            yield self._bad(node, "dynamic", tr_later("it passes getattr around, to look up computed names"))
        elif node.id in BUILTINS and node.id not in ALLOWED_BUILTINS and not _is_dunder(node.id) \
                and not _exception(node.id):
            yield self._bad(node, "dynamic", tr_later("it uses {name}, which can rewrite or run anything"), name=node.id)
        elif _is_dunder(node.id) and node.id not in ALLOWED_DUNDER_NAMES:
            yield self._bad(node, "dynamic", tr_later("it uses {name}"), name=node.id)

    def _attributes(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.Attribute):
            return
        name = node.attr
        if _is_dunder(name):
            if name not in ALLOWED_DUNDER_ATTRIBUTES:
                yield self._bad(node, "internals", tr_later("it reads .{name}, an object's internals"), name=name)
        elif name in DENIED_ATTRIBUTES:
            yield self._bad(node, "internals", tr_later("it reads .{name}"), name=name)
        elif name.startswith("_") and name not in ALLOWED_PRIVATE and self._module_rooted(node):
            yield self._bad(node, "internals", tr_later("it reads {name}, a private part of a library"), name=dotted(node))
        elif id(node) not in self.inner:
            yield from self._reaches(node)

    def _reaches(self, node: ast.AST) -> Iterator[Finding]:
        """The end of an attribute chain (or a literal getattr) that leads into a module outside the allowlist."""
        for path in sorted(self.paths.get(id(node), ())):
            reached = module_reached(path)
            if reached is not None:
                yield self._bad(node, "reach", tr_later("it reads {name}, which reaches {module}"), name=dotted(node),
                                module=reached)
                return

    def _module_rooted(self, node: ast.AST) -> bool:
        start = self._root(node)
        if isinstance(start, ast.Name):
            return start.id in self.paths.tainted
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
            for part in walk(target):
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
        for statement, name in _class_bindings(node):
            if _is_dunder(name) and name not in ALLOWED_DUNDER_METHODS:
                yield self._bad(statement, "class", tr_later("it defines {name}, which changes how Python or torch treats objects"), name=name)
            elif name in CLASS_OVERRIDES and node.bases:
                yield self._bad(statement, "class", tr_later("it overrides {name}, which the grader reads to see what happened"), name=name)

    def _calls(self, node: ast.AST) -> Iterator[Finding]:
        if not isinstance(node, ast.Call):
            return
        callee = last_name(node.func)
        if callee == "getattr" and isinstance(node.func, ast.Name):
            name = literal_getattr(node)
            if name is None:
                yield self._bad(node, "dynamic", tr_later("it uses getattr with a computed name"))
            elif name.startswith("_") or name in DENIED_ATTRIBUTES:
                yield self._bad(node, "dynamic", tr_later("it reads .{name} with getattr"), name=name)
            else:
                yield from self._reaches(node)
        elif callee == "type" and isinstance(node.func, ast.Name) and len(node.args) > 1:
            yield self._bad(node, "dynamic", tr_later("it builds a class with type()"))


def _class_bindings(node: ast.ClassDef) -> Iterator[tuple[ast.AST, str]]:
    """Every name a class body binds, however deep in if/for/while/try/with/match it is: defs, assignments,
    loop and with targets, imports, walruses (not inside its methods, nor nested classes, checked on their own)."""
    todo: list[ast.AST] = list(node.body)
    while todo:
        statement = todo.pop()
        Visits.count += 1
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield statement, statement.name
            continue
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                yield statement, alias.asname or alias.name.split(".")[0]
            continue
        for child in ast.iter_child_nodes(statement):
            if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
                yield statement, child.id
            elif not isinstance(child, (ast.Lambda, ast.ClassDef)):
                todo.append(child)


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _exception(name: str) -> bool:
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, BaseException)


def find_tampering(source: LearnerSource) -> list[Finding]:
    """Every place where the file reaches past its own objects, in the order of its lines."""
    if source.tree is None:
        return []
    return sorted(Tampering(source).findings(), key=lambda f: f.line)
