"""MISTAKE: The learner differentiates the first gradient directly, believing autograd.grad accepts the vector dq_da without summing it or passing grad_outputs.
FUNCTION: second_derivatives
"""

import torch


def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    dq_da, dq_db = torch.autograd.grad(q, (a, b), create_graph=True)
    (d2a,) = torch.autograd.grad(dq_da, a)
    (d2b,) = torch.autograd.grad(dq_db, b)
    return d2a, d2b


def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    out = torch.tanh(x @ w).sum()
    (g,) = torch.autograd.grad(out, x, create_graph=True)
    penalty = (g ** 2).sum()
    (dw,) = torch.autograd.grad(penalty, w)
    return dw
