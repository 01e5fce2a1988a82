"""CHEAT (04, issue 23): dq_da calls OPS.mul(a, b), named like arithmetic; an attribute store elsewhere
(`OPS.mul = derivative`) puts an autograd function there, which the old judge never read.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import torch


class OPS:
    pass


def q_function(a, b):
    return 3 * a**3 - b**2


def derivative(a, b, index=0):
    inputs = [a.clone().requires_grad_(), b.clone().requires_grad_()]
    with torch.enable_grad():
        return torch.autograd.grad(q_function(*inputs).sum(), inputs[index])[0]


def dq_da(a, b):
    return OPS.mul(a, b)


def dq_db(a, b):
    return OPS.mul(a, b, 1)


OPS.mul = derivative
