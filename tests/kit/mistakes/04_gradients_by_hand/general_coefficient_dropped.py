# function: dq_da_general
# belief: The power rule replaces the coefficient: d(c a^n)/da = n a^(n-1).
# fix: Keep c in front: c * n * a**(n - 1).
# source: forum confusion (power rule with a coefficient)
"""Exercise 04 - gradients by hand."""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2.

    Q = 3a^3 - b^2를 돌려줍니다.
    """
    return 3 * a**3 - b**2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a).

    손으로 구한 dQ/da를 돌려줍니다 (a와 같은 모양).
    """
    return 9 * a**2


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b).

    손으로 구한 dQ/db를 돌려줍니다 (b와 같은 모양).
    """
    return -2 * b


def dq_da_general(a: torch.Tensor, b: torch.Tensor, c: float, n: int, d: float, m: int) -> torch.Tensor:
    """Return dQ/da of Q = c * a**n + d * b**m, for any coefficients c, d and powers n, m (same shape as a).

    Q = c * a**n + d * b**m의 dQ/da를 어떤 계수 c, d와 지수 n, m에 대해서든 돌려줍니다 (a와 같은 모양).
    """
    return n * a ** (n - 1)
