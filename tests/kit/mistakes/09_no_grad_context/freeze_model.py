# function: evaluate
# belief: Freezing the model's parameters is how to evaluate without a graph.
# fix: Use with torch.no_grad(): instead of changing the model's requires_grad flags.
# source: forum confusion (requires_grad_(False) vs no_grad)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    with torch.no_grad():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    model.requires_grad_(False)
    return model(data)
