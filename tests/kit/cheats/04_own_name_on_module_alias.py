"""CHEAT (04): dq_da calls `helpers.square(...)`, a name from the arithmetic list, on a class of the file's own
whose staticmethod asks autograd.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import torch


def q_function(a, b):
    return 3 * a**3 - b**2


class helpers:  # noqa: N801 - named like a module of the file's own
    @staticmethod
    def square(a, b, index=0):
        inputs = [a.clone().requires_grad_(), b.clone().requires_grad_()]
        with torch.enable_grad():
            return torch.autograd.grad(q_function(*inputs).sum(), inputs[index])[0]


def dq_da(a, b):
    return helpers.square(a, b)


def dq_db(a, b):
    return helpers.square(a, b, 1)
