# function: evaluate
# belief: Detaching the output afterwards is the same as not recording a graph.
# fix: Run the forward pass inside with torch.no_grad(): so no graph is built at all.
# source: forum confusion (detach vs no_grad)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    with torch.no_grad():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    return model(data).detach()
