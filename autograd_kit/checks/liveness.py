"""Which parts of a learner's function can run, and which of its statements reach what it returns.

"Must call X" rules count only calls that can run and whose value is used. A call in `if False:`, after a
`return` or `raise`, in `while 0:`, in an `else` that cannot be reached, in a helper nobody calls or a nested
def never called does not run; `g = torch.autograd.grad(...)` with g never read does nothing for the answer.
`Liveness` walks the function once, following the names it loads into the module-level statements and
functions they name, and records every node that can run, with the statement and function it runs in.
`relevant` then follows, backwards from each function's return values, the statements whose results reach
them. Both are linear in the code walked: each node is visited once, each statement followed once.
"""

from __future__ import annotations

import ast

from autograd_kit.checks.scope import ModuleScope
from autograd_kit.checks.syntax import root, walk

# Calls made for what they do rather than what they return: on a line of their own they still reach the result.
EFFECTS = frozenset({"backward", "retain_grad", "register_hook", "zero_grad", "step", "requires_grad_"})
GRADIENTS = "<.grad>"  # what backward() writes and reading .grad reads: the flow from one to the other

Function = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.Module


class Liveness:
    """The nodes of the graded function and of everything it uses that can run."""

    def __init__(self, scope: ModuleScope, start: str) -> None:
        self.scope = scope
        self.nodes: list[ast.AST] = []  # every node that can run, once
        self.statement_of: dict[int, tuple[ast.AST, Function]] = {}  # node -> (its statement, its function)
        self.statements: dict[int, list[ast.AST]] = {}  # function -> statements that can run in it
        self.functions: dict[int, Function] = {}
        self.loaded: set[str] = set()
        self._pending: dict[str, list[Function]] = {}  # bodies that run once their name is loaded
        self._walked: set[int] = set()
        self._queue: list[tuple[ast.AST, Function]] = []
        self._breaks = 0
        self._load(start)
        while self._queue:
            node, owner = self._queue.pop()
            if id(node) in self._walked:
                continue
            self._walked.add(id(node))
            if isinstance(node, ast.Lambda):
                self._enter(node)
                self._expr(node.body, node, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._enter(node)
                self._block(node.body, node)
            else:
                self._statement(node, owner)

    def _enter(self, function: Function) -> None:
        self.functions[id(function)] = function
        self.statements.setdefault(id(function), [])

    def _load(self, name: str) -> None:
        if name in self.loaded:
            return
        self.loaded.add(name)
        self._queue.extend((body, body) for body in self._pending.pop(name, ()))
        module = self.scope.tree
        self._enter(module)
        self._queue.extend((statement, module) for statement in self.scope.bindings.get(name, ()))

    def _defer(self, name: str, function: Function) -> None:
        if name in self.loaded:
            self._queue.append((function, function))
        else:
            self._pending.setdefault(name, []).append(function)

    def _expr(self, node: ast.AST | None, statement: ast.AST, owner: Function) -> None:
        if node is None:
            return
        for found in walk(node):
            self.nodes.append(found)
            self.statement_of[id(found)] = (statement, owner)
            if isinstance(found, ast.Name) and isinstance(found.ctx, ast.Load):
                self._load(found.id)

    def _block(self, statements: list[ast.stmt], owner: Function) -> bool:
        """Walk what can run of STATEMENTS; True when the block always ends the function or loop early."""
        for statement in statements:
            if self._statement(statement, owner):
                return True  # what follows a return, raise, break or continue never runs
        return False

    def _statement(self, node: ast.stmt, owner: Function) -> bool:  # noqa: C901 - one case per kind of statement
        self.statements.setdefault(id(owner), []).append(node)
        self.nodes.append(node)
        self.statement_of[id(node)] = (node, owner)
        if isinstance(node, ast.If):
            value = static_truth(node.test, self.scope)
            self._expr(node.test, node, owner)
            body = value is not False and self._block(node.body, owner)
            orelse = value is not True and self._block(node.orelse, owner)
            return bool(body if value is True else orelse if value is False else body and orelse)
        if isinstance(node, ast.While):
            value = static_truth(node.test, self.scope)
            self._expr(node.test, node, owner)
            breaks = self._breaks
            if value is not False:
                self._block(node.body, owner)
            if value is not True:
                self._block(node.orelse, owner)
            return value is True and self._breaks == breaks  # `while True` without break never falls through
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self._expr(node.iter, node, owner)
            self._expr(node.target, node, owner)
            self._block(node.body, owner)
            self._block(node.orelse, owner)
            return False
        if isinstance(node, (ast.Try, ast.TryStar)):
            body = self._block(node.body, owner)
            handlers = [self._handler(h, node, owner) for h in node.handlers]
            orelse = False if body else self._block(node.orelse, owner)  # else runs only if the body falls through
            final = self._block(node.finalbody, owner)
            return final or ((body or orelse) and all(handlers))
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self._expr(item.context_expr, node, owner)
                self._expr(item.optional_vars, node, owner)
            return self._block(node.body, owner)
        if isinstance(node, ast.Match):
            self._expr(node.subject, node, owner)
            for case in node.cases:
                self._expr(case.pattern, node, owner)
                self._expr(case.guard, node, owner)
                self._block(case.body, owner)
            return False
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                self._expr(part, node, owner)
            if isinstance(owner, ast.ClassDef):
                self._queue.append((node, node))  # a method runs when its class is used
            else:
                self._defer(node.name, node)
            return False
        if isinstance(node, ast.ClassDef):
            for part in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
                self._expr(part, node, owner)
            for statement in node.body:  # the class body runs now; its methods with it
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self._statement(statement, node)  # type: ignore[arg-type]
                else:
                    self._statement(statement, owner)
            return False
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.Lambda):
            self._defer(node.targets[0].id, node.value)  # f = lambda ...: its body runs when f is used
            return False
        for child in ast.iter_child_nodes(node):
            self._expr(child, node, owner)
        if isinstance(node, ast.Break):
            self._breaks += 1
        return isinstance(node, (ast.Return, ast.Raise, ast.Break, ast.Continue))

    def _handler(self, handler: ast.ExceptHandler, statement: ast.AST, owner: Function) -> bool:
        self._expr(handler.type, statement, owner)
        return self._block(handler.body, owner)


def static_truth(test: ast.expr, scope: ModuleScope) -> bool | None:
    """The truth of a test the judge can know without running it; None when it depends on the run.

    `__name__ == "..."` is False: in the grader the file is imported, never run as a script, under a
    name the file cannot know."""
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.Name):
        if test.id == "TYPE_CHECKING":
            return False
        value = scope.constant(test.id)
        return None if value is NotImplemented else bool(value)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = static_truth(test.operand, scope)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        values = [static_truth(v, scope) for v in test.values]
        decisive = False if isinstance(test.op, ast.And) else True
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        sides = [test.left, test.comparators[0]]
        if any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and \
                any(isinstance(s, ast.Constant) for s in sides):
            return False
    return None


def relevant(liveness: Liveness, function: Function) -> set[int]:
    """The statements of FUNCTION whose results reach what it returns, what its caller passed in, or the
    effects it is made for (optimizer.step()); backward() reaches the result when a .grad that is used is
    read after it (it writes every .grad)."""
    statements = liveness.statements.get(id(function), [])
    if isinstance(function, (ast.Lambda, ast.Module)):
        return {id(s) for s in statements}  # a lambda is its result; module code binds what functions use
    writers: dict[str, list[ast.AST]] = {}
    reads: dict[int, set[str]] = {}
    reached: list[str] = [a.arg for a in function.args.args + function.args.kwonlyargs + function.args.posonlyargs]
    found: set[int] = set()
    for statement in statements:
        written, read = _flow(statement)
        reads[id(statement)] = read
        for name in written:
            writers.setdefault(name, []).append(statement)
        if isinstance(statement, ast.Return) or _yields(statement) or _effect(statement) - {"backward"}:
            found.add(id(statement))
            reached.extend(read)
    seen: set[str] = set()
    while reached:
        name = reached.pop()
        if name in seen:
            continue
        seen.add(name)
        for statement in writers.get(name, ()):
            if id(statement) not in found:
                found.add(id(statement))
                reached.extend(reads[id(statement)])
    return found


def _effect(statement: ast.AST) -> set[str]:
    """{"step"} for optimizer.step() on a line of its own: the EFFECTS it calls."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return {name} & EFFECTS
    return set()


def _yields(statement: ast.AST) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, (ast.Yield, ast.YieldFrom))


def _flow(statement: ast.AST) -> tuple[set[str], set[str]]:
    """The names a statement writes (or changes in place) and the names it reads, for its own line only."""
    if isinstance(statement, (ast.If, ast.While)):
        return set(), _loads(statement.test)
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return _roots(statement.target), _loads(statement.iter)
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        written = set().union(*(_roots(i.optional_vars) for i in statement.items if i.optional_vars is not None))
        return written, set().union(*(_loads(i.context_expr) for i in statement.items))
    if isinstance(statement, (ast.Try, ast.TryStar, ast.Match, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return set(), set()
    read = _loads(statement)
    written: set[str] = set()
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            written |= _roots(target)
    elif isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
        written = _roots(statement.target)
    elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        call = statement.value
        # a method call may change its receiver (out.append(g)); a function may change its arguments
        parts = [*call.args, *(k.value for k in call.keywords)]
        if isinstance(call.func, ast.Attribute):
            parts.append(call.func.value)
        for part in parts:
            written |= _roots(part)
    if "backward" in _effect(statement):
        written.add(GRADIENTS)
    for node in walk(statement):
        if isinstance(node, ast.NamedExpr):
            written |= _roots(node.target)
        elif isinstance(node, ast.Attribute) and node.attr == "grad" and isinstance(node.ctx, ast.Load):
            read.add(GRADIENTS)
    return written, read


def _roots(target: ast.AST | None) -> set[str]:
    if target is None:
        return set()
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_roots(e) for e in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _roots(target.value)
    start = root(target)
    return {start.id} if isinstance(start, ast.Name) else set()


def _loads(node: ast.AST) -> set[str]:
    return {n.id for n in walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
