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
import builtins
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property

from autograd_kit.checks.liveness import EFFECTS, Liveness, relevant
from autograd_kit.checks.scope import ModuleScope
from autograd_kit.checks.syntax import dotted, last_name, literal_getattr, loop_parts, names_loaded, root, walk
from autograd_kit.checks.libraries import TORCH_MODULES
from autograd_kit.checks.tampering import Finding, find_tampering
from autograd_kit.submission.text import decode_source

# Decorators a graded function may carry: torch's grad-mode switches return the same function, wrapped to run
# with recording off (10 asks for one). Any other decorator may return something else entirely.
GRAD_MODE_DECORATORS = frozenset({
    "torch.no_grad", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad", "torch.inference_mode",
    "torch.autograd.inference_mode", "torch.autograd.grad_mode.inference_mode", "torch.enable_grad",
    "torch.autograd.enable_grad",
})
# Tampering kinds through which a file could bind any name without writing it down (globals(), exec, sys.modules).
BUILTIN_NAMES = frozenset(dir(builtins))
REBINDING_KINDS = frozenset({"reach", "dynamic"})


class LearnerSource:
    """A learner's exercise file, decoded and parsed (or why it could not be)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        try:
            self.text = decode_source(data)
            self.tree: ast.Module | None = ast.parse(self.text)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            self.text, self.tree = decode_source(data, errors="replace"), None
        self.lines = self.text.splitlines()
        self.scope = ModuleScope(self.tree if self.tree else ast.Module(body=[], type_ignores=[]))
        self.defs: dict[str, ast.AST] = self.scope.defs

    @cached_property
    def imports(self) -> dict[str, str]:
        """Each name an import binds, and what it stands for: {"F": "torch.nn.functional", "grad": "torch.autograd.grad"}."""
        found: dict[str, str] = {}
        for node in walk(self.tree) if self.tree else ():
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
        """Every function, method and class name the file defines, at any depth, that a call x.name() could reach:
        not the methods of a torch.autograd.Function the file only ever uses as C.apply(...), which autograd calls
        itself (a custom Function's backward does not make every y.backward() in the file its own)."""
        if not self.tree:
            return set()
        nodes = list(walk(self.tree))
        classes = [n for n in nodes if isinstance(n, ast.ClassDef)]
        applied_only = _applied_only(nodes, classes, self.resolve)
        inside = {id(m) for n in classes if n.name in applied_only for m in n.body}
        return {n.name for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and id(n) not in inside}

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
        seen: list[ast.AST] = []
        walked: set[int] = set()
        todo = [self.defs[name]]
        while todo:
            node = todo.pop()
            if id(node) in walked:
                continue
            walked.add(id(node))
            seen.append(node)
            for used in names_loaded(node):
                todo.extend(self.scope.bindings.get(used, ()))
        seen.remove(self.defs[name])
        return Code(self, name, [self.defs[name], *seen])

    def rebinding(self, name: str) -> tuple[ast.AST, str] | None:
        """Where the top-level function NAME may be replaced by something other than its `def` (a second
        binding, an import, a decorator, an attribute store, or code that can bind any name), and how:
        None when its one `def` is what the grader calls."""
        node = self.scope.rebinding(name, GRAD_MODE_DECORATORS, self.resolve)
        if node is not None:
            return node, self.line(node)
        finding = next((f for f in self.tampering if f.kind in REBINDING_KINDS), None)
        return (ast.Pass(lineno=finding.line), finding.code) if finding is not None else None

    @cached_property
    def tampering(self) -> list[Finding]:
        """Every place where the file reaches past its own objects (the policy is tampering.py's)."""
        return find_tampering(self)


class Code:
    """The nodes of one function and the module-level code it uses: what a requirement is checked on.

    `walk` is everything, as written (what a function must avoid); `live_calls` only the calls that can run and
    whose value reaches a result (what a function must do)."""

    def __init__(self, source: LearnerSource, name: str, nodes: list[ast.AST]) -> None:
        self.source, self.name, self.nodes = source, name, nodes
        self._relevant: dict[int, set[int]] = {}

    @property
    def function(self) -> ast.AST:
        return self.nodes[0]

    def walk(self) -> Iterator[ast.AST]:
        for node in self.nodes:
            yield from walk(node)

    @cached_property
    def liveness(self) -> Liveness:
        return Liveness(self.source.scope, self.name)

    def calls(self, *names: str) -> list[ast.Call]:
        """Calls whose callee is NAME or ends in .NAME: calls("backward") finds q.backward(...) and torch.autograd.backward(...)."""
        return [n for n in self.walk() if isinstance(n, ast.Call) and last_name(n.func) in names]

    def own_calls(self, name: str) -> list[ast.Call]:
        """Calls of the file's own top-level function NAME, by that name, that can run (not OPS.NAME(...))."""
        return [n for n in self.liveness.nodes if isinstance(n, ast.Call) and self.callee(n) == ("own", name)]

    def callee(self, call: ast.Call) -> tuple[str, str]:
        """What a call names: ("own", f) for the file's top-level def f, ("library", "torch.mul") through the
        imports, ("builtin", "len"), ("method", "mul") on a value the function computes (a.mul(b)), or
        ("other", code) for anything else, such as an attribute of an object assigned somewhere in the file."""
        func = call.func
        resolved = self.source.resolve(func)
        if resolved is not None:
            return "library", resolved
        literal = literal_getattr(func)
        if literal is not None:
            func = ast.Attribute(value=func.args[0], attr=literal)  # type: ignore[attr-defined]
        if isinstance(func, ast.Name):
            if func.id in self.source.defs:
                return "own", func.id
            if func.id in BUILTIN_NAMES and func.id not in self.source.scope.bindings:
                return "builtin", func.id
            return "other", func.id
        if isinstance(func, ast.Attribute):
            start = root(func)
            if isinstance(start, ast.Name) and start.id in self.source.scope.bindings:
                return "other", dotted(func)  # OPS.mul: whatever the file put there
            return "method", func.attr
        return "other", dotted(func)

    def api_calls(self, *names: str) -> list[ast.Call]:
        """Calls of torch's NAMES: x.NAME(...) on a value the function computes, for a method the file does not
        define itself, or a name or attribute that resolves, through the imports, to torch's NAME (a helper
        called `backward` is not it, nor OPS.backward for an OPS the file built)."""
        return [n for n in self.walk() if isinstance(n, ast.Call) and self._is_api(n, names)]

    def _is_api(self, call: ast.Call, names: tuple[str, ...]) -> bool:
        kind, name = self.callee(call)
        if kind == "library":
            parts = name.split(".")
            return parts[0] in TORCH_MODULES and parts[-1] in names
        return kind == "method" and name in names and name not in self.source.defined

    def live_calls(self, *names: str) -> list[ast.Call]:
        """Calls of torch's NAMES that can run and whose value reaches the function's result. A call on its own
        line counts only if it is made for its effect (h.retain_grad()); backward() only if a .grad it fills is
        read for the result, its loss is part of the result, or the function returns nothing (it fills the
        .grad of what it was given)."""
        live = self.liveness
        found = []
        for node in live.nodes:
            if not isinstance(node, ast.Call) or not self._is_api(node, names):
                continue
            statement, owner = live.statement_of[id(node)]
            if isinstance(statement, ast.Expr) and statement.value is node:
                name = self.callee(node)[1].rsplit(".", 1)[-1]
                if name not in EFFECTS:
                    continue
                if name == "backward" and id(statement) not in self.relevant(owner) and self._returns_value(owner):
                    continue
                found.append(node)
            elif id(statement) in self.relevant(owner):
                found.append(node)
        return found

    def relevant(self, owner: ast.AST) -> set[int]:
        if id(owner) not in self._relevant:
            self._relevant[id(owner)] = relevant(self.liveness, owner)  # type: ignore[arg-type]
        return self._relevant[id(owner)]

    @cached_property
    def _value_returns(self) -> set[int]:
        """The functions of this code that return a value somewhere they can run."""
        live = self.liveness
        return {id(live.statement_of[id(n)][1]) for n in live.nodes if isinstance(n, ast.Return) and n.value is not None}

    def _returns_value(self, owner: ast.AST) -> bool:
        return isinstance(owner, ast.Lambda) or id(owner) in self._value_returns

    def torch_api(self, node: ast.AST, *qualified: str) -> bool:
        """Whether NODE (a decorator, a context manager, a base class) is one of torch's QUALIFIED names."""
        resolved = self.source.resolve(node)
        return resolved is not None and resolved in qualified

    def withs(self, *qualified: str) -> list[ast.With]:
        """with-blocks whose context manager is one of torch's QUALIFIED names, called or not (outer ones first)."""
        return [n for n in self.walk() if isinstance(n, (ast.With, ast.AsyncWith))
                and any(self.torch_api(item.context_expr, *qualified) for item in n.items)]

    @staticmethod
    def within(blocks: Iterable[ast.AST]) -> set[int]:
        """The ids of every node inside BLOCKS' bodies, each walked once: a block inside another is skipped
        (BLOCKS come outer first, as `withs` gives them)."""
        inner: set[int] = set()
        for block in blocks:
            if id(block) in inner:
                continue
            for statement in getattr(block, "body", ()):
                inner.update(id(n) for n in walk(statement))
        return inner

    def inside(self, blocks: Iterable[ast.AST], kinds: tuple[type, ...]) -> list[ast.AST]:
        """Nodes of the given kinds inside any of BLOCKS' bodies."""
        inner = self.within(blocks)
        return [n for n in self.walk() if id(n) in inner and isinstance(n, kinds)]

    def decorators(self) -> list[str]:
        """The function's decorators, as what they resolve to (torch.no_grad), or as written when they do not."""
        return [self.source.resolve(d) or ast.unparse(d) for d in getattr(self.function, "decorator_list", ())]

    def in_loop(self, nodes: Iterable[ast.AST]) -> list[ast.AST]:
        inner: set[int] = set()
        for loop in self.walk():
            if isinstance(loop, (ast.For, ast.While, ast.comprehension)) and id(loop) not in inner:
                for part in loop_parts(loop):
                    inner.update(id(n) for n in walk(part))
        return [n for n in nodes if id(n) in inner]

    def references(self, *roots: str) -> list[ast.AST]:
        """Names NAME anywhere in this code (torch, np): whether it touches a module at all."""
        return [n for n in self.walk() if isinstance(n, ast.Name) and n.id in roots]


def _applied_only(nodes: list[ast.AST], classes: list[ast.ClassDef], resolve: Callable[[ast.AST], str | None]
                  ) -> set[str]:
    """The torch.autograd.Function subclasses of NODES that no other class shares a name with and whose name is read
    only as NAME.apply (one pass over the file, whatever the number of classes)."""
    names = Counter(c.name for c in classes)
    found = {c.name for c in classes
             if names[c.name] == 1 and any(resolve(base) == "torch.autograd.Function" for base in c.bases)}
    if not found:
        return found
    applied = {id(n.value) for n in nodes if isinstance(n, ast.Attribute) and n.attr == "apply"
               and isinstance(n.ctx, ast.Load)}
    for node in nodes:
        if isinstance(node, ast.Name) and node.id in found and (id(node) not in applied
                                                                 or not isinstance(node.ctx, ast.Load)):
            found.discard(node.id)
    return found
