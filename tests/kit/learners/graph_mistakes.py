"""Exercise 06 that lists shared nodes twice and clears .grad between passes."""
import torch


def describe_q(a, b):
    Q = 3 * a**3 - b**2
    return {"a.is_leaf": a.is_leaf, "b.is_leaf": b.is_leaf, "Q.is_leaf": Q.is_leaf,
            "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None}


def graph_nodes(f, a, b):
    names, todo = [], [f(a, b).grad_fn]
    while todo:
        node = todo.pop()
        if node is None:
            continue
        names.append(node.name())
        todo.extend(child for child, _ in node.next_functions)
    return names


def accumulated_grad(a, b, k):
    for _ in range(k):
        a.grad = b.grad = None
        Q = 3 * a**3 - b**2
        Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def doubling_gradient(x):
    y = x * 1
    y.sum().backward()
    return x.grad
