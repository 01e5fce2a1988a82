"""MISTAKE: The learner takes the gradient of out with respect to w (the usual 'weights' gradient) instead of x, so the penalty is on the wrong gradient.
FUNCTION: gradient_penalty
"""

import torch


def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    dq_da, dq_db = torch.autograd.grad(q, (a, b), create_graph=True)
    (d2a,) = torch.autograd.grad(dq_da.sum(), a)
    (d2b,) = torch.autograd.grad(dq_db.sum(), b)
    return d2a, d2b


def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    out = torch.tanh(x @ w).sum()
    (g,) = torch.autograd.grad(out, w, create_graph=True)
    penalty = (g ** 2).sum()
    (dw,) = torch.autograd.grad(penalty, w)
    return dw
