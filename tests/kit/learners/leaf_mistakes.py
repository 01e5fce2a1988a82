"""Exercise 15 with the two errors left in, and no retain_grad()."""
import torch


def intermediate_gradient(x):
    h = x * 2
    (h**2).sum().backward()
    return h.grad


def non_leaf_grad_warning(x):
    h = x * 2
    h.retain_grad()
    (h * x).sum().backward()
    return {"h_grad": h.grad, "x_grad": x.grad, "warning": "UserWarning"}


def weight_gradient(values, x):
    w = torch.tensor(values)
    ((w * x).sum() ** 2).backward()
    return w.grad


def elementwise_backward(x):
    y = x**3
    y.backward()
    return x.grad
