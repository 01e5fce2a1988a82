"""CHEAT (04): the graded names rebound together through a tuple assignment after decoy defs.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    return a * 0


def dq_db(a, b):
    return b * 0


def _grads(a, b):
    a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
    with torch.enable_grad():
        return torch.autograd.grad(q_function(a, b).sum(), (a, b))


dq_da, dq_db = (lambda a, b: _grads(a, b)[0]), (lambda a, b: _grads(a, b)[1])
