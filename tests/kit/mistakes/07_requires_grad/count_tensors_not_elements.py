# function: count_trainable
# belief: The number of trainable parameters is the number of parameter tensors.
# fix: Sum p.numel() over the parameters that require grad.
# source: forum confusion (counting parameters)
"""Exercise 07 - how requires_grad propagates."""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (x + y, x + z), as in the tutorial."""
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    """Predict, without running torch, whether the sum of such tensors requires grad."""
    return any(flags)


def count_trainable(model: torch.nn.Module) -> int:
    """Return how many numbers (elements) in model's parameters require grad."""
    return sum(1 for p in model.parameters() if p.requires_grad)
