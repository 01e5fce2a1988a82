"""Exercise 04 - gradients by hand.

Autograd is not magic: it applies the rules of calculus you already know.
Take the tutorial's function of two tensors a and b:

    Q = 3 * a**3 - b**2

Each element of Q depends only on the matching elements of a and b, so the
derivatives are element-wise:

    dQ/da = 3 * 3 * a**2 = 9 * a**2      (power rule: d(a^n)/da = n * a^(n-1))
    dQ/db = -2 * b

Write these three functions *without* autograd: no backward(), no
torch.autograd.grad. The checks compute the truth with autograd and compare,
on the tutorial's a=[2, 3], b=[6, 4] and on random tensors.

Run `python grader.py 04` to check your work.
"""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2."""
    # TODO: one line.
    raise NotImplementedError("04_gradients_by_hand: q_function() is not written yet")


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a)."""
    # TODO: apply the power rule to 3a^3.
    raise NotImplementedError("04_gradients_by_hand: dq_da() is not written yet")


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b)."""
    # TODO: apply the power rule to -b^2. Mind the sign.
    raise NotImplementedError("04_gradients_by_hand: dq_db() is not written yet")
