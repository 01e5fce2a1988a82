# function: accumulated_grad
# belief: Q only needs building once; backward() can then be called on it k times.
# fix: Build Q inside the loop: the graph is freed after each backward().
# source: forum confusion (Trying to backward through the graph a second time) / missing retain_graph
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
    Q = 3 * a**3 - b**2
    for _ in range(k):
        Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
    """Double y (from y = x) while y.norm() < 1000, return d(y.sum())/dx."""
    y = x
    while y.norm() < 1000:
        y = y * 2
    y.sum().backward()
    return x.grad
