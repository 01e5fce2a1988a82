# function: make_batch
# belief: torch.randn and torch.rand are the same random generator, so either gives numbers in [0, 1).
# fix: Use torch.rand, which samples uniformly from [0, 1); torch.randn samples a standard normal.
# source: forum confusion (rand vs randn)
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets."""
    data = torch.randn(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    return model(data)
