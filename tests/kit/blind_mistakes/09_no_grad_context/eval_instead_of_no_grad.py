"""MISTAKE: The learner believes model.eval() turns off gradient tracking, and calls it instead of using torch.no_grad().
FUNCTION: evaluate
"""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    model.eval()
    return model(data)
