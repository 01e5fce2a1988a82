"""MISTAKE: The learner differentiates b^2 and forgets the minus sign in front of it, returning 2b.
FUNCTION: dq_db
"""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 3 * a**3 - b**2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 9 * a**2


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 2 * b


def dq_da_general(a, b, c, n, d, m):
    return c * n * a ** (n - 1)
