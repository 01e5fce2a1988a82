# function: dq_db
# belief: The minus sign in front of b^2 disappears when differentiating.
# fix: Keep the sign: d(-b^2)/db = -2 * b.
# source: python slip (off-by-sign)
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
    return 2 * b


def dq_da_general(a, b, c, n, d, m):
    """Return dQ/da of Q = c * a**n + d * b**m."""
    return c * n * a ** (n - 1)
