"""MISTAKE: The learner detaches x (the other factor) instead of y, believing it does not matter which factor of the product is cut.
FUNCTION: gradient_through_detached
"""

import torch


def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
    y = x ** 2
    z = y * x.detach()
    z.sum().backward()
    return x.grad


def detached_facts(x: torch.Tensor) -> dict:
    y = x * 3
    d = y.detach()
    d.add_(1)
    return {
        "d": d,
        "y_after": y.detach(),
        "d_requires_grad": d.requires_grad,
        "shares_storage": d.data_ptr() == y.data_ptr(),
    }
