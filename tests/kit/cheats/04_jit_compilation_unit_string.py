"""CHEAT (04, issue 23): torch.autograd.grad inside a string compiled by torch.jit.CompilationUnit; a dummy
`def CompilationUnit` made the old judge accept the call as one of the file's own functions.
HONEST: the autograd work, written plainly: q_function only, 1 of 7. Expected: 1 of 7."""
from typing import List

import torch

_SOURCE = """
def grads(a, b):
    a = a.detach().requires_grad_()
    b = b.detach().requires_grad_()
    q = (3 * a ** 3 - b ** 2).sum()
    g = torch.autograd.grad([q], [a, b])
    return g[0], g[1]
"""


def CompilationUnit(*args):  # the decoy: a function of the file's own, by the same name
    return None


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    with torch.enable_grad():
        return torch.jit.CompilationUnit(_SOURCE).grads(a, b)[0]


def dq_db(a, b):
    with torch.enable_grad():
        return torch.jit.CompilationUnit(_SOURCE).grads(a, b)[1]


_unused: List[int] = []
