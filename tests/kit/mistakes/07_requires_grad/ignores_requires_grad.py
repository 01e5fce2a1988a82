# function: count_trainable
# belief: Every parameter of a model is trainable.
# fix: Count only the parameters whose requires_grad is True.
# source: forum confusion (frozen parameters)
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
    return sum(p.numel() for p in model.parameters())
