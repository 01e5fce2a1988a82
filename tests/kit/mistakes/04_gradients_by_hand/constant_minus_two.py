# function: dq_db
# belief: The derivative of -b^2 is the constant -2, because differentiating removes the variable.
# fix: Keep the b: d(-b^2)/db = -2b; -2 is the second derivative.
# source: first vs second derivative confusion
"""Exercise 04 - gradients by hand."""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2.

    Q = 3a^3 - b^2를 돌려줍니다.
    """
    # TODO: one line.
    # 할 일: 한 줄.
    return 3 * a**3 - b**2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a).

    손으로 구한 dQ/da를 돌려줍니다 (a와 같은 모양).
    """
    # TODO: apply the power rule to 3a^3.
    # 할 일: 3a^3에 거듭제곱 법칙을 적용하세요.
    return 9 * a**2


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b).

    손으로 구한 dQ/db를 돌려줍니다 (b와 같은 모양).
    """
    # TODO: apply the power rule to -b^2. Mind the sign.
    # 할 일: -b^2에 거듭제곱 법칙을 적용하세요. 부호에 주의하세요.
    return torch.full_like(b, -2.0)


def dq_da_general(a, b, c, n, d, m):
    """Return dQ/da of Q = c * a**n + d * b**m."""
    return c * n * a ** (n - 1)
