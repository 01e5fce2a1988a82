"""What each module-level name of the learner's file can be bound to, found in one pass.

A requirement is checked on the `def` the judge reads, and the worker calls whatever the module's name holds
when the grader asks for it. The two are the same function only when nothing else binds that name: no second
assignment, import, loop or with target, walrus, `del`, `global` statement, class of the same name, decorator
that returns something else, or store into an attribute of it. `ModuleScope` lists, for every name, each
top-level statement that binds it or stores into it, so the checks can refuse a graded name bound twice and
read every statement that can change an object a function uses (OPS.mul = derivative).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from autograd_kit.checks.syntax import Visits, root, walk

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class ModuleScope:
    """The file's module-level names: the top-level statements that bind each one, or store into it."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        # name -> top-level statements (in order) that bind it at module scope, or store into one of its attributes
        self.bindings: dict[str, list[ast.stmt]] = {}
        self.defs: dict[str, ast.AST] = {}  # top-level def/class statements, the last one winning as in Python
        for statement in tree.body:
            if isinstance(statement, DEFINITIONS):
                self.defs[statement.name] = statement
            self._scan(statement)

    def _bind(self, name: str, statement: ast.stmt) -> None:
        found = self.bindings.setdefault(name, [])
        if not found or found[-1] is not statement:
            found.append(statement)

    def _scan(self, statement: ast.stmt) -> None:
        """One walk of a top-level statement: its module-scope bindings, global statements and attribute stores.

        A name stored inside a function is that function's local unless the function says `global`; a store
        into an attribute or item (OPS.mul = ..., table["k"] = ...) changes the object wherever it happens."""
        globals_declared = {n for node in walk(statement) if isinstance(node, ast.Global) for n in node.names}
        for name in globals_declared:
            self._bind(name, statement)
        for node in self._module_level_nodes(statement):
            for name in _bound_here(node):
                self._bind(name, statement)
        todo: list[tuple[ast.AST, frozenset[str]]] = [(statement, frozenset())]  # a node, its function's locals
        while todo:
            node, local = todo.pop()
            Visits.count += 1
            if isinstance(node, FUNCTIONS):
                local = _locals(node)
            elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
                start = root(node)
                if isinstance(start, ast.Name) and start.id not in local:
                    self._bind(start.id, statement)
            todo.extend((child, local) for child in ast.iter_child_nodes(node))

    @staticmethod
    def _module_level_nodes(statement: ast.stmt) -> Iterable[ast.AST]:
        """The nodes of STATEMENT that run in module scope: not the inside of functions, lambdas or class bodies
        (a comprehension's own variables count too: more bindings found, never fewer)."""
        todo: list[ast.AST] = [statement]
        while todo:
            node = todo.pop()
            yield node
            if isinstance(node, FUNCTIONS):
                arguments = node.args
                todo.extend(d for d in [*arguments.defaults, *arguments.kw_defaults] if d is not None)
                todo.extend(getattr(node, "decorator_list", ()))
                continue
            if isinstance(node, ast.ClassDef):  # its body binds the class's attributes, not module names
                todo.extend([*node.decorator_list, *node.bases, *node.keywords])
                continue
            todo.extend(ast.iter_child_nodes(node))

    def rebinding(self, name: str, allowed_decorators: Iterable[str] = (), resolve=None) -> ast.AST | None:
        """Where NAME is bound other than by its one top-level `def` (or class): None when it is bound only there.

        RESOLVE turns a decorator into what it names (torch.no_grad); decorators outside ALLOWED_DECORATORS
        replace the function with whatever they return, so they count as another binding."""
        definition = self.defs.get(name)
        found = self.bindings.get(name, [])
        if definition is None:
            return found[0] if found else None
        others = [s for s in found if s is not definition]
        if others:
            return others[0]
        if any(isinstance(node, ast.Global) and name in node.names for node in walk(definition)):
            return definition
        allowed = set(allowed_decorators)
        for decorator in getattr(definition, "decorator_list", ()):
            if resolve is None or resolve(decorator) not in allowed:
                return decorator
        return None

    def constant(self, name: str) -> object:
        """The value of a module-level NAME bound once, by `NAME = <constant>`; NotImplemented otherwise."""
        found = self.bindings.get(name, [])
        if len(found) == 1 and isinstance(found[0], ast.Assign) and len(found[0].targets) == 1 \
                and isinstance(found[0].targets[0], ast.Name) and isinstance(found[0].value, ast.Constant):
            return found[0].value.value
        return NotImplemented


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> frozenset[str]:
    """The names local to FUNCTION: its parameters and what its own body binds, less what it declares global
    (nested functions are left to their own call: each node is read for the function it belongs to)."""
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    declared: set[str] = set()
    body = function.body if isinstance(function.body, list) else [function.body]
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        Visits.count += 1
        if isinstance(node, ast.Global):
            declared.update(node.names)
        names.update(_bound_here(node))
        if not isinstance(node, FUNCTIONS):
            todo.extend(ast.iter_child_nodes(node))
    return frozenset(names - declared)


def _bound_here(node: ast.AST) -> list[str]:
    """The names NODE itself binds in the scope it runs in."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return [node.id]
    if isinstance(node, DEFINITIONS):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [a.asname or a.name.split(".")[0] for a in node.names]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []
