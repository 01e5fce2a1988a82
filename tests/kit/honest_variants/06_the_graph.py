"""Correct, written differently from solutions/: a learner's own style."""
import torch


def describe_q(a, b):
    Q = 3 * a**3 - b**2
    node = Q.grad_fn
    return {"a.is_leaf": a.is_leaf, "b.is_leaf": b.is_leaf, "Q.is_leaf": Q.is_leaf,
            "Q.grad_fn": None if node is None else node.name()}


def graph_nodes(f, a, b):
    seen = set()

    def visit(node):
        if node is None or node in seen:
            return
        seen.add(node)
        for child, _ in node.next_functions:
            visit(child)

    visit(f(a, b).grad_fn)
    return [node.name() for node in seen]


def accumulated_grad(a, b, k):
    i = 0
    while i < k:
        (3 * a**3 - b**2).sum().backward()
        i += 1
    return a.grad, b.grad


def doubling_gradient(x):
    y = x * 1
    while y.norm() < 1000:
        y = 2 * y
    torch.autograd.backward(y.sum())
    return x.grad
