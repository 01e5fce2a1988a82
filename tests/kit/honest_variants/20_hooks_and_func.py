"""Correct, written differently from solutions/: a learner's own style."""
import torch
from torch.func import grad, jacrev, vjp


def clipped_gradient(x, limit):
    h = 3 * x

    def clip(g):
        return torch.clamp(g, min=-limit, max=limit)

    h.register_hook(clip)
    (h**2).sum().backward()
    return x.grad


def f(t):
    return 3 * t**3 - torch.sin(t)


def func_derivatives(a, v):
    _, pullback = vjp(f, a)
    (product,) = pullback(v)
    return {"grad": grad(lambda t: f(t).sum())(a), "vjp": product, "jacobian": jacrev(f)(a)}
