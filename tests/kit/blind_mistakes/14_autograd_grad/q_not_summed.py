"""MISTAKE: The learner forgets the .sum(), believing torch.autograd.grad can differentiate the vector 3a^3 - b^2 without grad_outputs.
FUNCTION: q_gradients
"""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = 3 * a**3 - b**2
    da, db = torch.autograd.grad(q, (a, b))
    return da, db


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    q = (3 * a**3 - b**2).sum()
    return torch.autograd.grad(q, (a, b, c), materialize_grads=True)
