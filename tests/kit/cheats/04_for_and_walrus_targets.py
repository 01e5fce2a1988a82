"""CHEAT (04): dq_da rebound as a for-loop target, dq_db by a walrus inside a comprehension, both at module
level after decoy defs.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    return 9 * a


def dq_db(a, b):
    return -b


def _grad(index):
    def derivative(a, b):
        inputs = [a.clone().requires_grad_(), b.clone().requires_grad_()]
        with torch.enable_grad():
            return torch.autograd.grad(q_function(*inputs).sum(), inputs[index])[0]
    return derivative


for dq_da in [_grad(0)]:
    pass
_ = [(dq_db := f) for f in (_grad(1),)]
