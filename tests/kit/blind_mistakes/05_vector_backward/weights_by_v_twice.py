"""MISTAKE: The learner believes backward(gradient=v) only seeds autograd and that the result must still be weighted by v, so multiplies the gradients by v again.
FUNCTION: vector_jacobian_product
"""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    Q = 3 * a**3 - b**2
    Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    y = f(a, b)
    y.backward(gradient=v)
    return a.grad * v, b.grad * v
