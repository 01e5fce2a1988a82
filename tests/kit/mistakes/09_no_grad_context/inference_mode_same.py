# function: double_without_tracking
# belief: torch.inference_mode() is just another name for torch.no_grad().
# fix: Use torch.no_grad(); inference_mode makes inference tensors that cannot be used in autograd later.
# source: forum confusion (inference_mode vs no_grad)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    with torch.inference_mode():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    with torch.no_grad():
        return model(data)
