"""Exercise 06 - the graph autograd records.

While the forward pass runs, autograd records every operation in a directed
acyclic graph (DAG). The inputs you created are the *leaves*; each result
points to the *Function* that made it through `.grad_fn` (for example
`SubBackward0` for a subtraction). Leaves have `grad_fn = None` and
`is_leaf = True`. Each node's `next_functions` lists the nodes that fed it;
a leaf that requires grad shows up there as an `AccumulateGrad` node.

backward() walks this graph from the root and, with the chain rule, *adds*
each leaf's gradient into its `.grad`. It accumulates, it does not overwrite:
two backward passes leave twice the gradient.

The graph is thrown away after backward() and built again, from scratch, by
the next forward pass. That is why ordinary Python control flow (if, while)
works: each pass records only what actually ran.

Run `python grader.py 06` to check your work.
"""

import torch


def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
    """Build Q = 3a^3 - b^2 and report on the graph.

    Return a dict with these keys:
      "a.is_leaf", "b.is_leaf", "Q.is_leaf": the tensors' is_leaf (bools)
      "Q.grad_fn": the name of Q's grad_fn (Q.grad_fn.name()), or None if it has none
    a and b may or may not require grad: read the answers off the tensors.
    """
    # TODO: build Q, then read is_leaf and grad_fn.
    # BEGIN SOLUTION
    Q = 3 * a**3 - b**2
    return {
        "a.is_leaf": a.is_leaf,
        "b.is_leaf": b.is_leaf,
        "Q.is_leaf": Q.is_leaf,
        "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None,
    }
    # END SOLUTION


def graph_nodes(f, a: torch.Tensor, b: torch.Tensor) -> list[str]:
    """Compute y = f(a, b) and return the names of every node in its graph.

    Start at y.grad_fn and follow next_functions (pairs of (node, index); the
    node can be None). Visit each node once, even if several nodes point to it,
    and collect node.name(). The order does not matter.
    """
    # TODO: a walk over the graph, with a set of nodes already seen.
    # BEGIN SOLUTION
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
    # END SOLUTION


def accumulated_grad(a: torch.Tensor, b: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Run k backward passes of Q = 3a^3 - b^2 and return (a.grad, b.grad).

    Build Q afresh in every pass (the graph is freed after backward) and do
    not clear .grad between passes: the result is k times one pass's gradient.
    a and b require grad.
    """
    # TODO: a loop of k forward + backward passes.
    # BEGIN SOLUTION
    for _ in range(k):
        Q = 3 * a**3 - b**2
        Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad
    # END SOLUTION


def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
    """Double y (starting from y = x) while y.norm() < 1000, then return the
    gradient of y.sum() with respect to x.

    How many doublings happen depends on x, so each call records a different
    graph. x requires grad.
    """
    # TODO: a while loop, then backward.
    # BEGIN SOLUTION
    y = x
    while y.norm() < 1000:
        y = y * 2
    y.sum().backward()
    return x.grad
    # END SOLUTION
