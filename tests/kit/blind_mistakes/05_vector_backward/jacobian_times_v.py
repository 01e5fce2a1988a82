"""MISTAKE: The learner believes the vector-Jacobian product is J @ v and builds the Jacobian explicitly, computing J v instead of J^T v.
FUNCTION: vector_jacobian_product
"""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    Q = 3 * a**3 - b**2
    Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    ja, jb = torch.autograd.functional.jacobian(f, (a, b))
    return ja @ v, jb @ v
