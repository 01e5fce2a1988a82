"""MISTAKE: The learner believes torch.autograd.grad and backward() are interchangeable, calls q.backward() and returns a.grad, b.grad, touching .grad.
FUNCTION: q_gradients
"""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    q.backward()
    return a.grad, b.grad


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    q = (3 * a**3 - b**2).sum()
    return torch.autograd.grad(q, (a, b, c), materialize_grads=True)
