"""MISTAKE: The learner reaches for math.pow as for Python numbers, believing math functions work element-wise on tensors.
FUNCTION: q_function
"""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    import math
    return 3 * math.pow(a, 3) - math.pow(b, 2)


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 9 * a**2


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return -2 * b


def dq_da_general(a, b, c, n, d, m):
    return c * n * a ** (n - 1)
