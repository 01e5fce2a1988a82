# function: double_without_tracking
# belief: Setting x.requires_grad = False is how to stop tracking.
# fix: Leave x alone and compute inside with torch.no_grad():.
# source: forum confusion (changing the input's flag)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    x.requires_grad = False
    y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    with torch.no_grad():
        return model(data)
