# function: vector_jacobian_product
# belief: A vector-Jacobian product is the ordinary gradient multiplied element-wise by v.
# fix: Call y.backward(gradient=v); gradient-times-v is right only when the Jacobian is diagonal.
# source: forum confusion (VJP vs element-wise product)
"""Exercise 05 - backward() on a vector."""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient, return (a.grad, b.grad)."""
    Q = 3 * a**3 - b**2
    external_grad = torch.ones_like(Q)
    Q.backward(gradient=external_grad)
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Compute y = f(a, b), backpropagate v through it, return (a.grad, b.grad)."""
    y = f(a, b)
    y.backward(gradient=torch.ones_like(y))
    return a.grad * v, b.grad * v
