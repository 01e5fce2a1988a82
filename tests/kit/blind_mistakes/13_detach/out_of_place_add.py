"""MISTAKE: The learner believes d = d + 1 changes d in place, but it rebinds d to a new tensor, so y is untouched and storage is no longer shared.
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
    d = y.detach()
    d = d + 1
    return {
        "d": d,
        "y_after": y.detach(),
        "d_requires_grad": d.requires_grad,
        "shares_storage": d.data_ptr() == y.data_ptr(),
    }
