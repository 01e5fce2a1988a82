"""MISTAKE: The learner believes turning off tracking means switching off the input's requires_grad flag, and mutates x instead of using no_grad().
FUNCTION: double_without_tracking
"""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    x.requires_grad_(False)
    return x * 2


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(data)
