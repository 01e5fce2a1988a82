# function: graph_nodes
# belief: y.grad_fn.next_functions already lists every node of the graph.
# fix: Walk next_functions recursively (with a stack), not just one level.
# source: forum confusion (next_functions)
"""Exercise 06 - the graph autograd records."""

import torch


def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
    """Build Q = 3a^3 - b^2 and report on the graph."""
    Q = 3 * a**3 - b**2
    return {
        "a.is_leaf": a.is_leaf,
        "b.is_leaf": b.is_leaf,
        "Q.is_leaf": Q.is_leaf,
        "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None,
    }


def graph_nodes(f, a: torch.Tensor, b: torch.Tensor) -> list[str]:
    """Compute y = f(a, b) and return the names of every node in its graph."""
    y = f(a, b)
    names = [y.grad_fn.name()]
    for child, _ in y.grad_fn.next_functions:
        if child is not None:
            names.append(child.name())
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
