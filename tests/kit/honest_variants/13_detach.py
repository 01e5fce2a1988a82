"""Correct, written differently from solutions/: a learner's own style."""
import torch


def gradient_through_detached(x):
    y = x * x
    c = y.detach()
    (c * x).sum().backward()
    return x.grad


def detached_facts(x):
    y = 3 * x
    d = y.detach()
    d += 1
    return {"d": d, "y_after": y.detach().clone(), "d_requires_grad": d.requires_grad,
            "shares_storage": d.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()}
