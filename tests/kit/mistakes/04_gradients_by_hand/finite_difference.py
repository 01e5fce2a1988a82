# function: dq_db
# belief: 'By hand' means estimating the slope numerically with a small step h.
# fix: Apply the power rule exactly: -2 * b; a central difference in float32 carries rounding error.
# source: forum confusion (numerical vs analytic gradients)
"""Exercise 04 - gradients by hand."""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2."""
    return 3 * a**3 - b**2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a)."""
    return 9 * a**2


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b)."""
    h = 1e-3
    return (q_function(a, b + h) - q_function(a, b - h)) / (2 * h)


def dq_da_general(a, b, c, n, d, m):
    """Return dQ/da of Q = c * a**n + d * b**m."""
    return c * n * a ** (n - 1)
