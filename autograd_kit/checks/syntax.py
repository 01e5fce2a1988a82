"""Small questions about parsed Python, asked by the checks and the judge: a call's keyword, the last name of a
dotted expression, the names a statement loads. Every pass over learner code walks it with `walk`, which
counts the nodes it visits, so a test can prove that the judge's work grows linearly with the file."""

from __future__ import annotations

import ast
from collections.abc import Iterator


class Visits:
    """How many nodes the judge's passes have visited, in this process (a test reads it before and after)."""

    count = 0


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """ast.walk, counted."""
    for found in ast.walk(node):
        Visits.count += 1
        yield found


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
    """The code of an expression, as written (shortened): torch.autograd.grad, a.clone().requires_grad_.

    An attribute chain is spelled from its end, at most 80 characters, so naming one part of a long chain
    costs no more than the limit."""
    parts: list[str] = []
    length = 0
    while isinstance(node, ast.Attribute) and length <= 80:
        parts.append(node.attr)
        length += len(node.attr) + 1
        node = node.value
    if length > 80:
        text = "..." + ".".join(reversed(parts))
        return text if len(text) <= 80 else "..." + text[-77:]
    start = node.id if isinstance(node, ast.Name) else ast.unparse(node) if _small(node) else "(...)"
    if len(start) > 80:
        start = start[:20] + "..."
    text = ".".join([start, *reversed(parts)])
    return text if len(text) <= 80 else text[:77] + "..."


def _small(node: ast.AST, limit: int = 40) -> bool:
    """Whether NODE has at most LIMIT nodes, found in at most LIMIT steps (unparsing a big one costs its size)."""
    for count, _ in enumerate(walk(node)):
        if count >= limit:
            return False
    return True


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
    return {n.id for n in walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
