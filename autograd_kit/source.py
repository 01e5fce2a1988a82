"""The learner's file as the judge reads it: parsed, never run.

The judge reads the file's bytes once, parses them here, and sends the same
bytes to the worker, so what is checked is what runs. Checks use this for two
things nothing from the learner's process can prove:

- requirements about how the code is written (04 works by hand, 10 uses the
  decorator, 18 defines an autograd.Function): `code_of()` and its queries;
- whether what the learner's process reports about itself can be believed at
  all (`tampering`): a file that reaches into the grader's own code, Python's
  internals or torch's classes could make kit code in its process say anything.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from autograd_kit.i18n import tr, tr_later

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


class LearnerSource:
    """A learner's exercise file, decoded and parsed (or why it could not be)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        try:
            self.text = data.decode("utf-8")
            self.tree: ast.Module | None = ast.parse(self.text)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            self.text, self.tree = data.decode("utf-8", errors="replace"), None
        self.lines = self.text.splitlines()
        self.defs: dict[str, ast.AST] = {}
        for node in self.tree.body if self.tree else ():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defs[node.name] = node  # as in Python, the last definition wins

    @cached_property
    def imports(self) -> dict[str, str]:
        """Each name an import binds, and what it stands for: {"F": "torch.nn.functional", "grad": "torch.autograd.grad"}."""
        found: dict[str, str] = {}
        for node in ast.walk(self.tree) if self.tree else ():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    found[alias.asname or top] = alias.name if alias.asname else top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return found

    @cached_property
    def defined(self) -> set[str]:
        """Every function, method and class name the file defines, at any depth."""
        return {n.name for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))} \
            if self.tree else set()

    def resolve(self, node: ast.AST) -> str | None:
        """What a name or attribute chain stands for, through the file's imports: torch.no_grad, torch.func.vjp.

        None when it does not start at an import (a local, the file's own function, a call's result).
        """
        if isinstance(node, ast.Call):
            node = node.func
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.imports:
            return None
        return ".".join([self.imports[node.id], *reversed(parts)])

    def line(self, node: ast.AST) -> str:
        number = getattr(node, "lineno", 0)
        return self.lines[number - 1].strip() if 0 < number <= len(self.lines) else ""

    def finding(self, node: ast.AST, kind: str, reason: str, **values: str) -> Finding:
        return Finding(getattr(node, "lineno", 0), self.line(node), reason, tuple(values.items()), kind)

    def code_of(self, name: str) -> Code | None:
        """The function NAME with every module-level function, class and assignment it uses, transitively."""
        if name not in self.defs:
            return None
        bound = _module_bindings(self.tree) if self.tree else {}
        seen: list[ast.AST] = []
        todo = [self.defs[name]]
        while todo:
            node = todo.pop()
            if any(node is s for s in seen):
                continue
            seen.append(node)
            for used in _names_loaded(node):
                if used in self.defs:
                    todo.append(self.defs[used])
                todo.extend(bound.get(used, ()))
        return Code(self, name, seen)

    @cached_property
    def tampering(self) -> list[Finding]:
        """Every place where the file reaches past its own objects (see ALLOWED_IMPORTS and the rest above)."""
        if self.tree is None:
            return []
        return sorted(_Tampering(self).findings(), key=lambda f: f.line)


class Code:
    """The nodes of one function and the module-level code it uses: what a requirement is checked on."""

    def __init__(self, source: LearnerSource, name: str, nodes: list[ast.AST]) -> None:
        self.source, self.name, self.nodes = source, name, nodes

    @property
    def function(self) -> ast.AST:
        return self.nodes[0]

    def walk(self) -> Iterator[ast.AST]:
        for node in self.nodes:
            yield from ast.walk(node)

    def calls(self, *names: str) -> list[ast.Call]:
        """Calls whose callee is NAME or ends in .NAME: calls("backward") finds q.backward(...) and torch.autograd.backward(...)."""
        return [n for n in self.walk() if isinstance(n, ast.Call) and last_name(n.func) in names]

    def api_calls(self, *names: str) -> list[ast.Call]:
        """Calls of torch's NAMES: x.NAME(...) for a method the file does not define itself, or a name or
        attribute that resolves, through the imports, to torch's NAME (a helper called `backward` is not it)."""
        found = []
        for node in self.walk():
            if not isinstance(node, ast.Call):
                continue
            literal = _literal_getattr(node.func)
            if literal is not None and literal in names:
                found.append(node)  # getattr(q, "backward")() is q.backward()
                continue
            resolved = self.source.resolve(node.func)
            if resolved is not None:
                parts = resolved.split(".")
                if parts[0] in TORCH_MODULES and parts[-1] in names:
                    found.append(node)
            elif isinstance(node.func, ast.Attribute) and node.func.attr in names \
                    and node.func.attr not in self.source.defined:
                found.append(node)
        return found

    def torch_api(self, node: ast.AST, *qualified: str) -> bool:
        """Whether NODE (a decorator, a context manager, a base class) is one of torch's QUALIFIED names."""
        resolved = self.source.resolve(node)
        return resolved is not None and resolved in qualified

    def withs(self, *qualified: str) -> list[ast.With]:
        """with-blocks whose context manager is one of torch's QUALIFIED names, called or not."""
        return [n for n in self.walk() if isinstance(n, (ast.With, ast.AsyncWith))
                and any(self.torch_api(item.context_expr, *qualified) for item in n.items)]

    def inside(self, blocks: Iterable[ast.AST], kinds: tuple[type, ...]) -> list[ast.AST]:
        """Nodes of the given kinds inside any of BLOCKS' bodies."""
        found = []
        for block in blocks:
            for statement in getattr(block, "body", ()):
                found.extend(n for n in ast.walk(statement) if isinstance(n, kinds))
        return found

    def decorators(self) -> list[str]:
        """The function's decorators, as what they resolve to (torch.no_grad), or as written when they do not."""
        return [self.source.resolve(d) or ast.unparse(d) for d in getattr(self.function, "decorator_list", ())]

    def in_loop(self, nodes: Iterable[ast.AST]) -> list[ast.AST]:
        loops = [n for n in self.walk() if isinstance(n, (ast.For, ast.While, ast.comprehension))]
        inner = {id(n) for loop in loops for part in _loop_parts(loop) for n in ast.walk(part)}
        return [n for n in nodes if id(n) in inner]

    def references(self, *roots: str) -> list[ast.AST]:
        """Names NAME anywhere in this code (torch, np): whether it touches a module at all."""
        return [n for n in self.walk() if isinstance(n, ast.Name) and n.id in roots]


def _literal_getattr(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
            and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
        return node.args[1].value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def last_name(node: ast.AST) -> str | None:
    """torch.no_grad() -> no_grad, torch.autograd.grad -> grad, Cube.apply -> apply, f -> f."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def dotted(node: ast.AST) -> str:
    """The code of an expression, as written (shortened): torch.autograd.grad, a.clone().requires_grad_."""
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:77] + "..."


def root(node: ast.AST) -> ast.AST:
    """The start of an attribute or subscript chain: torch in torch.Tensor.x, xs in xs[0].grad."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


def _loop_parts(loop: ast.AST) -> list[ast.AST]:
    if isinstance(loop, ast.comprehension):
        return [loop.iter, *loop.ifs]
    return [*loop.body, *getattr(loop, "orelse", [])]


def _names_loaded(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _module_bindings(tree: ast.Module) -> dict[str, list[ast.AST]]:
    """Module-level statements that bind each name (G = torch.autograd.grad, imports, for loops, with-as),
    and functions that bind it with a `global` statement."""
    bound: dict[str, list[ast.AST]] = {}
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.Global):
                    for name in node.names:
                        bound.setdefault(name, []).append(function)
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                bound.setdefault(alias.asname or alias.name.split(".")[0], []).append(statement)
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.setdefault(node.id, []).append(statement)
    return bound


class _Tampering:
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
            return any(_Tampering._from_module(v, tainted) for v in value.elts)
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
