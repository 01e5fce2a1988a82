# function: tutorial_gradients
# belief: The tutorial's a and b have to be created inside the function with requires_grad=True.
# fix: Use the a and b passed in; they already require grad.
# source: tutorial paste-in
"""Exercise 05 - backward() on a vector."""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient, return (a.grad, b.grad)."""
    a = torch.tensor([2., 3.], requires_grad=True)
    b = torch.tensor([6., 4.], requires_grad=True)
    Q = 3 * a**3 - b**2
    external_grad = torch.ones_like(Q)
    Q.backward(gradient=external_grad)
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Compute y = f(a, b), backpropagate v through it, return (a.grad, b.grad)."""
    y = f(a, b)
    y.backward(gradient=v)
    return a.grad, b.grad
