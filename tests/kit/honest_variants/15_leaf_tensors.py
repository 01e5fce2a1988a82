"""Correct, written differently from solutions/: a learner's own style."""
import warnings

import torch


def intermediate_gradient(x):
    h = 2 * x
    h.retain_grad()
    torch.sum(h * h).backward()
    return h.grad


def non_leaf_grad_warning(x):
    h = x * 2
    (h * x).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = h.grad
    name = caught[0].category.__name__ if caught else None
    return {"h_grad": value, "x_grad": x.grad, "warning": name}


def weight_gradient(values, x):
    w = torch.tensor(values)
    w.requires_grad_()
    loss = torch.dot(w, x) ** 2
    loss.backward()
    return w.grad


def elementwise_backward(x):
    y = x**3
    y.sum().backward()
    return x.grad
