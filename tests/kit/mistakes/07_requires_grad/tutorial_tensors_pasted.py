# function: tutorial_sums
# belief: The tutorial's x, y, z have to be created in the function, with z requiring grad.
# fix: Add the tensors that are passed in; do not make new ones.
# source: tutorial paste-in
"""Exercise 07 - how requires_grad propagates."""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (x + y, x + z), as in the tutorial."""
    x = torch.rand(5, 5)
    y = torch.rand(5, 5)
    z = torch.rand((5, 5), requires_grad=True)
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    """Predict, without running torch, whether the sum of such tensors requires grad."""
    return any(flags)


def count_trainable(model: torch.nn.Module) -> int:
    """Return how many numbers (elements) in model's parameters require grad."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
