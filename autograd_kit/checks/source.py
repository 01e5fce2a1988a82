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
from functools import cached_property

from autograd_kit.checks.syntax import last_name, literal_getattr, loop_parts, module_bindings, names_loaded
from autograd_kit.checks.tampering import TORCH_MODULES, Finding, find_tampering


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
        bound = module_bindings(self.tree) if self.tree else {}
        seen: list[ast.AST] = []
        todo = [self.defs[name]]
        while todo:
            node = todo.pop()
            if any(node is s for s in seen):
                continue
            seen.append(node)
            for used in names_loaded(node):
                if used in self.defs:
                    todo.append(self.defs[used])
                todo.extend(bound.get(used, ()))
        return Code(self, name, seen)

    @cached_property
    def tampering(self) -> list[Finding]:
        """Every place where the file reaches past its own objects (the policy is tampering.py's)."""
        return find_tampering(self)


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
            literal = literal_getattr(node.func)
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
        inner = {id(n) for loop in loops for part in loop_parts(loop) for n in ast.walk(part)}
        return [n for n in nodes if id(n) in inner]

    def references(self, *roots: str) -> list[ast.AST]:
        """Names NAME anywhere in this code (torch, np): whether it touches a module at all."""
        return [n for n in self.walk() if isinstance(n, ast.Name) and n.id in roots]
