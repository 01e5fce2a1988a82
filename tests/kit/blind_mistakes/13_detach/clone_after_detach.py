"""MISTAKE: The learner believes detach() should always be followed by clone() and makes a copy, so d no longer shares storage with y.
FUNCTION: detached_facts
"""

import torch


def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
    y = x ** 2
    z = y.detach() * x
    z.sum().backward()
    return x.grad


def detached_facts(x: torch.Tensor) -> dict:
    y = x * 3
    d = y.detach().clone()
    d.add_(1)
    return {
        "d": d,
        "y_after": y.detach(),
        "d_requires_grad": d.requires_grad,
        "shares_storage": d.data_ptr() == y.data_ptr(),
    }
