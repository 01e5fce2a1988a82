"""Small questions about parsed Python, asked by the checks and the judge: a call's keyword, the last name of a
dotted expression, the names a statement loads, what binds a name at module level."""

from __future__ import annotations

import ast


def literal_getattr(node: ast.AST) -> str | None:
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


def loop_parts(loop: ast.AST) -> list[ast.AST]:
    if isinstance(loop, ast.comprehension):
        return [loop.iter, *loop.ifs]
    return [*loop.body, *getattr(loop, "orelse", [])]


def names_loaded(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def module_bindings(tree: ast.Module) -> dict[str, list[ast.AST]]:
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
