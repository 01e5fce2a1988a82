"""13 and 14: right numbers, not the way the exercise asks."""
import torch


def gradient_through_detached(x):
    return (x**2).detach()  # the answer worked out, no backward


def detached_facts(x):
    y = x * 3
    d = y.data
    d.add_(1)
    return {"d": d, "y_after": y.detach(), "d_requires_grad": d.requires_grad,
            "shares_storage": d.data_ptr() == y.data_ptr()}


def q_gradients(a, b):
    (3 * a**3 - b**2).sum().backward()
    da, db = a.grad.clone(), b.grad.clone()
    a.grad = b.grad = None
    return da, db


def gradients_with_unused(a, b, c):
    q = (3 * a**3 - b**2).sum() + 0 * c.sum()
    return torch.autograd.grad(q, (a, b, c))
