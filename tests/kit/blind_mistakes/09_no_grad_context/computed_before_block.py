"""MISTAKE: The learner believes no_grad() strips tracking from a result that already exists, computes x * 2 first and only returns it inside the block.
FUNCTION: double_without_tracking
"""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    y = x * 2
    with torch.no_grad():
        return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(data)
