# function: double_without_tracking
# belief: torch.no_grad is the context manager itself, so it needs no parentheses in a with statement.
# fix: Call it: with torch.no_grad():.
# source: python slip
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    with torch.no_grad:
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    with torch.no_grad():
        return model(data)
