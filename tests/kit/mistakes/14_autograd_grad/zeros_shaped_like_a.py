# function: gradients_with_unused
# belief: All the gradients of q have the same shape, so the zeros for c can be shaped like a.
# fix: Make c's zeros with torch.zeros_like(c), or let materialize_grads=True do it.
# source: Python copy slip (Humbatova et al.: wrong tensor shape)
"""Exercise 14 - torch.autograd.grad: gradients as return values."""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (dq/da, dq/db) for q = (3a^3 - b^2).sum() with torch.autograd.grad. Leave a.grad and b.grad untouched.

    q = (3a^3 - b^2).sum()에 대해 torch.autograd.grad로 (dq/da,
    dq/db)를 돌려줍니다. a.grad와 b.grad는 건드리지 마세요.
    """
    # TODO: torch.autograd.grad, not backward().
    # 할 일: backward()가 아니라 torch.autograd.grad.
    q = (3 * a**3 - b**2).sum()
    da, db = torch.autograd.grad(q, (a, b))
    return da, db


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    """q = (3a^3 - b^2).sum() does not use c. Return the gradients of q with respect to (a, b, c).

    The gradient for c must be a tensor of zeros shaped like c, not None and not an error.

    q = (3a^3 - b^2).sum()은 c를 쓰지 않습니다. (a, b, c)에 대한 q의 기울기를
    돌려줍니다.
    """
    # TODO: torch.autograd.grad with materialize_grads=True.
    # 할 일: materialize_grads=True로 torch.autograd.grad.
    q = (3 * a**3 - b**2).sum()
    da, db, dc = torch.autograd.grad(q, (a, b, c), allow_unused=True)
    return da, db, torch.zeros_like(a)
