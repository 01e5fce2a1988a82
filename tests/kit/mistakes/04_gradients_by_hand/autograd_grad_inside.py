# function: dq_da
# belief: Asking autograd for the derivative is the same as working it out by hand.
# fix: Write the formula 9 * a**2 with plain arithmetic; the exercise rules out autograd.
# source: forum confusion (right value, forbidden method)
"""Exercise 04 - gradients by hand."""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2."""
    return 3 * a**3 - b**2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a)."""
    a = a.detach().requires_grad_(True)
    Q = q_function(a, b)
    (grad,) = torch.autograd.grad(Q.sum(), a)
    return grad


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b)."""
    return -2 * b


def dq_da_general(a, b, c, n, d, m):
    """Return dQ/da of Q = c * a**n + d * b**m."""
    return c * n * a ** (n - 1)
