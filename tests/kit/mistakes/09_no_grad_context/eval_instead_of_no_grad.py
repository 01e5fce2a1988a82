# function: evaluate
# belief: model.eval() turns off gradient tracking for evaluation.
# fix: Wrap the forward pass in with torch.no_grad(); eval() only changes dropout and batch norm.
# source: forum confusion (eval() vs no_grad)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    with torch.no_grad():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    model.eval()
    return model(data)
