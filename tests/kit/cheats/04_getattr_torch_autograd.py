"""CHEAT (04): getattr(torch, 'autograd') taken at import and called through a tuple-unpacked alias.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import torch

_engine, _unused = getattr(torch, "autograd"), None


def q_function(a, b):
    return 3 * a**3 - b**2


def _pair(a, b):
    a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
    with torch.enable_grad():
        return _engine.grad(q_function(a, b).sum(), (a, b))


def dq_da(a, b):
    return _pair(a, b)[0]


def dq_db(a, b):
    return _pair(a, b)[1]
