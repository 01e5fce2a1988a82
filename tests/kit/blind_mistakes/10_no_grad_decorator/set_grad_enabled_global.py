"""MISTAKE: The learner believes torch.set_grad_enabled(False) is a local switch for the function, but it turns autograd off globally and never turns it back on.
FUNCTION: doubler
"""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    torch.set_grad_enabled(False)
    return x * 2
