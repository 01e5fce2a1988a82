# function: predict_requires_grad
# belief: bool(flags) is True when a flag is True.
# fix: bool() of a list only says it is non-empty; use any(flags).
# source: python slip
"""Exercise 07 - how requires_grad propagates."""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (x + y, x + z), as in the tutorial."""
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    """Predict, without running torch, whether the sum of such tensors requires grad."""
    return bool(flags)


def count_trainable(model: torch.nn.Module) -> int:
    """Return how many numbers (elements) in model's parameters require grad."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
