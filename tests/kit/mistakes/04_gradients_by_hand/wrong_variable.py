# function: dq_db
# belief: dQ/db follows the same pattern as dQ/da, so the copied line can keep using a.
# fix: Differentiate with respect to b: -2 * b.
# source: python slip (returning the wrong variable)
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
    return -2 * a


def dq_da_general(a, b, c, n, d, m):
    """Return dQ/da of Q = c * a**n + d * b**m."""
    return c * n * a ** (n - 1)
