# function: count_trainable
# belief: A parameter is trainable when it has a .grad.
# fix: Use p.requires_grad: .grad stays None until a backward() has run.
# source: forum confusion (.grad vs requires_grad)
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
    return sum(p.numel() for p in model.parameters() if p.grad is not None)
