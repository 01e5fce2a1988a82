# function: detached_facts
# belief: detach() alone is unsafe, so it should always be followed by clone() here too.
# fix: Use y.detach() without clone(): the exercise shows that the detached tensor shares y's storage.
# source: docs warning (detach shares storage; clone makes the copy)
"""Exercise 13 - detach(): a value without its history."""

import torch


def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
    """y = x ** 2, z = y.detach() * x; backward through z.sum() and return x.grad.

    x requires grad and starts with no .grad.

    y = x ** 2, z = y.detach() * x; z.sum()으로 backward하고
    x.grad를 돌려줍니다.
    """
    y = x**2
    z = y.detach() * x
    z.sum().backward()
    return x.grad


def detached_facts(x: torch.Tensor) -> dict:
    """y = x * 3 (x requires grad). d = y.detach(). Then add 1 to d in place.

    Return {"d": d, "y_after": y.detach() after d was changed,
    "d_requires_grad": d.requires_grad, "shares_storage": d.data_ptr() == y.data_ptr()}.

    y = x * 3 (x는 requires_grad). d = y.detach(). 그다음 d에 제자리로
    1을 더합니다.
    """
    y = x * 3
    d = y.detach().clone()
    d.add_(1)
    return {"d": d, "y_after": y.detach(), "d_requires_grad": d.requires_grad,
            "shares_storage": d.data_ptr() == y.data_ptr()}
