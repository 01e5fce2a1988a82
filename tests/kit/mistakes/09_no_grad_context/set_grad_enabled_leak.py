# function: double_without_tracking
# belief: torch.set_grad_enabled(False) only affects the function it is called in.
# fix: Use with torch.no_grad(): so tracking comes back on after the block.
# source: forum confusion (global grad mode)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    torch.set_grad_enabled(False)
    y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    with torch.no_grad():
        return model(data)
