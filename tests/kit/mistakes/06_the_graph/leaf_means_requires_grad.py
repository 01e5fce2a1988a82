# function: describe_q
# belief: A leaf is a tensor that requires grad, so is_leaf can be read from requires_grad.
# fix: Read a.is_leaf and b.is_leaf: a tensor that does not require grad is a leaf too.
# source: forum confusion (is_leaf vs requires_grad)
"""Exercise 06 - the graph autograd records."""

import torch


def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
    """Build Q = 3a^3 - b^2 and report on the graph."""
    Q = 3 * a**3 - b**2
    return {
        "a.is_leaf": a.requires_grad,
        "b.is_leaf": b.requires_grad,
        "Q.is_leaf": Q.is_leaf,
        "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None,
    }


def graph_nodes(f, a: torch.Tensor, b: torch.Tensor) -> list[str]:
    """Compute y = f(a, b) and return the names of every node in its graph."""
    y = f(a, b)
    names, seen, todo = [], set(), [y.grad_fn]
    while todo:
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        names.append(node.name())
        todo.extend(child for child, _ in node.next_functions)
    return names


def accumulated_grad(a: torch.Tensor, b: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Run k backward passes of Q = 3a^3 - b^2 and return (a.grad, b.grad)."""
    for _ in range(k):
        Q = 3 * a**3 - b**2
        Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
    """Double y (from y = x) while y.norm() < 1000, return d(y.sum())/dx."""
    y = x
    while y.norm() < 1000:
        y = y * 2
    y.sum().backward()
    return x.grad
