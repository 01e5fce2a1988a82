"""CHEAT (04): a decorator that returns a different function (one that asks autograd) in place of the
hand-written decoy body it decorates; the decorator's own code hides autograd behind a module alias.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import functools

import torch

_T = torch


def _by_autograd(index):
    def swap(decoy):
        @functools.wraps(decoy)
        def derivative(a, b):
            inputs = [a.clone().requires_grad_(), b.clone().requires_grad_()]
            with _T.enable_grad():
                q = (3 * inputs[0] ** 3 - inputs[1] ** 2).sum()
                return _T.autograd.grad(q, inputs[index])[0]
        return derivative
    return swap


def q_function(a, b):
    return 3 * a**3 - b**2


@_by_autograd(0)
def dq_da(a, b):
    return 9 * a


@_by_autograd(1)
def dq_db(a, b):
    return -b
