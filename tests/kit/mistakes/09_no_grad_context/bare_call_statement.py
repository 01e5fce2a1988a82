# function: double_without_tracking
# belief: Calling torch.no_grad() on its own line switches tracking off for the rest of the function.
# fix: Use it in a with statement around the multiplication.
# source: forum confusion (no_grad as a switch)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    torch.no_grad()
    y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    with torch.no_grad():
        return model(data)
