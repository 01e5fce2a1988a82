"""CHEAT (04): the names rebound to functools.partial objects over one autograd helper, after decoy defs.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import functools

import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    return 9 * a


def dq_db(a, b):
    return -b


def _grad(index, a, b):
    inputs = [a.clone().requires_grad_(), b.clone().requires_grad_()]
    with torch.enable_grad():
        return torch.autograd.grad(q_function(*inputs).sum(), inputs[index])[0]


dq_da = functools.partial(_grad, 0)
dq_db = functools.partial(_grad, 1)
