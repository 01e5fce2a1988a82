"""MISTAKE: The learner believes y = x makes a copy and doubles with y *= 2, which is an in-place operation on the leaf x.
FUNCTION: doubling_gradient
"""

import torch


def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
    Q = 3 * a**3 - b**2
    return {
        "a.is_leaf": a.is_leaf,
        "b.is_leaf": b.is_leaf,
        "Q.is_leaf": Q.is_leaf,
        "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None,
    }


def graph_nodes(f, a: torch.Tensor, b: torch.Tensor) -> list[str]:
    y = f(a, b)
    seen = set()
    names = []
    stack = [y.grad_fn] if y.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        names.append(node.name())
        for nxt, _ in node.next_functions:
            if nxt is not None and nxt not in seen:
                stack.append(nxt)
    return names


def accumulated_grad(a: torch.Tensor, b: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    for _ in range(k):
        Q = 3 * a**3 - b**2
        Q.sum().backward()
    return a.grad, b.grad


def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
    y = x
    while y.norm() < 1000:
        y *= 2
    y.sum().backward()
    return x.grad
