# function: tutorial_gradients
# belief: Gradients must always be zeroed before backward(), even on fresh tensors.
# fix: Drop a.grad.zero_(): on a fresh tensor .grad is None.
# source: Humbatova: wrong API usage (zero_grad habit)
"""Exercise 05 - backward() on a vector."""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient, return (a.grad, b.grad)."""
    a.grad.zero_()
    b.grad.zero_()
    Q = 3 * a**3 - b**2
    external_grad = torch.ones_like(Q)
    Q.backward(gradient=external_grad)
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Compute y = f(a, b), backpropagate v through it, return (a.grad, b.grad)."""
    y = f(a, b)
    y.backward(gradient=v)
    return a.grad, b.grad
