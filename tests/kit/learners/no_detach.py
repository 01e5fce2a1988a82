"""Exercise 13 without detach(), and with a copy instead of a detached view."""
import torch


def gradient_through_detached(x):
    y = x**2
    (y * x).sum().backward()
    return x.grad


def detached_facts(x):
    y = x * 3
    d = y.detach().clone()
    d.add_(1)
    return {"d": d, "y_after": y.detach(), "d_requires_grad": d.requires_grad,
            "shares_storage": d.data_ptr() == y.data_ptr()}
