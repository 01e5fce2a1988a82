"""CHEAT (04): switches the kit's run-time autograd guard off, then uses autograd. HONEST: q_function only: 1 of 7."""
import torch

import autograd_kit.sandbox.worker as worker


class _Off:
    def __init__(self, active):
        pass

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


worker._autograd_forbidden = _Off


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    a = a.clone().requires_grad_()
    (q_function(a, b)).sum().backward()
    return a.grad


def dq_db(a, b):
    b = b.clone().requires_grad_()
    return torch.autograd.grad(q_function(a, b).sum(), b)[0]
