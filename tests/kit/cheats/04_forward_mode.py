"""CHEAT (04): forward-mode AD, which the run-time guard does not replace. HONEST: q_function only: 1 of 7."""
import torch
import torch.autograd.forward_ad as fwAD


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    with fwAD.dual_level():
        dual = fwAD.make_dual(a, torch.ones_like(a))
        return fwAD.unpack_dual(q_function(dual, b)).tangent


def dq_db(a, b):
    _, tangent = torch.func.jvp(lambda t: q_function(a, t), (b,), (torch.ones_like(b),))
    return tangent
