# function: double_without_tracking
# belief: x.data * 2 is the untracked version of x * 2, so no block is needed.
# fix: Compute x * 2 inside with torch.no_grad():, the API the exercise is about.
# source: forum confusion (using .data)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    y = x.data * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    with torch.no_grad():
        return model(data)
