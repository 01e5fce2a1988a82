# function: tutorial_gradients
# belief: The gradient argument is the starting value of the gradient, so it should be zeros.
# fix: Use ones: each element of Q counts once, torch.ones_like(Q).
# source: forum confusion (what the gradient argument means)
"""Exercise 05 - backward() on a vector."""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient, return (a.grad, b.grad)."""
    Q = 3 * a**3 - b**2
    external_grad = torch.zeros_like(Q)
    Q.backward(gradient=external_grad)
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Compute y = f(a, b), backpropagate v through it, return (a.grad, b.grad)."""
    y = f(a, b)
    y.backward(gradient=v)
    return a.grad, b.grad
