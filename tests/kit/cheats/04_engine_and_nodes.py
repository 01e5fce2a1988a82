"""CHEAT (04): the engine's run_backward, and grad_fn nodes called directly. HONEST: q_function only: 1 of 7."""
import torch
from torch.autograd.variable import Variable


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    a = a.clone().requires_grad_()
    q = q_function(a, b)
    (grad,) = Variable._execution_engine.run_backward((q,), (torch.ones_like(q),), False, False, (a,), False)
    return grad


def dq_db(a, b):
    b = b.clone().requires_grad_()
    q = q_function(a, b)
    subtraction = q.grad_fn
    _, upstream = subtraction(torch.ones_like(q))
    square = subtraction.next_functions[1][0]
    result = square(upstream)
    return result[0] if isinstance(result, tuple) else result
