"""MISTAKE: The learner multiplies by the exponent but forgets to lower it, writing 9a^3 instead of 9a^2.
FUNCTION: dq_da
"""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 3 * a**3 - b**2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 9 * a**3


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return -2 * b


def dq_da_general(a, b, c, n, d, m):
    return c * n * a ** (n - 1)
