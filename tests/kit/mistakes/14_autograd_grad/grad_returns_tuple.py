# function: q_gradients
# belief: torch.autograd.grad(q, a) returns a tensor, not a tuple.
# fix: Unpack the result: (da,) = torch.autograd.grad(q, a), or get both at once with torch.autograd.grad(q, (a, b)).
# source: wrong API usage (autograd.grad always returns a tuple)
"""Exercise 14 - torch.autograd.grad: gradients as return values."""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (dq/da, dq/db) for q = (3a^3 - b^2).sum() with torch.autograd.grad. Leave a.grad and b.grad untouched.

    q = (3a^3 - b^2).sum()에 대해 torch.autograd.grad로 (dq/da,
    dq/db)를 돌려줍니다. a.grad와 b.grad는 건드리지 마세요.
    """
    q = (3 * a**3 - b**2).sum()
    da = torch.autograd.grad(q, a, retain_graph=True)
    db = torch.autograd.grad(q, b)
    return da, db


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    """q = (3a^3 - b^2).sum() does not use c. Return the gradients of q with respect to (a, b, c).

    The gradient for c must be a tensor of zeros shaped like c, not None and not an error.

    q = (3a^3 - b^2).sum()은 c를 쓰지 않습니다. (a, b, c)에 대한 q의 기울기를
    돌려줍니다.
    """
    q = (3 * a**3 - b**2).sum()
    return torch.autograd.grad(q, (a, b, c), materialize_grads=True)
