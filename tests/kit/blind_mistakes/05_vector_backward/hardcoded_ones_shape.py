"""MISTAKE: The learner copies the tutorial's external gradient torch.tensor([1., 1.]), believing Q always has two elements.
FUNCTION: tutorial_gradients
"""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    Q = 3 * a**3 - b**2
    external_grad = torch.tensor([1., 1.])
    Q.backward(gradient=external_grad)
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    y = f(a, b)
    y.backward(gradient=v)
    return a.grad, b.grad
