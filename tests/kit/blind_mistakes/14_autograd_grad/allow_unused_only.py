"""MISTAKE: The learner believes allow_unused=True is enough to get a usable gradient for c, but it returns None instead of zeros.
FUNCTION: gradients_with_unused
"""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    da, db = torch.autograd.grad(q, (a, b))
    return da, db


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    q = (3 * a**3 - b**2).sum()
    return torch.autograd.grad(q, (a, b, c), allow_unused=True)
