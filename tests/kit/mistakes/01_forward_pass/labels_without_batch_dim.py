# function: make_batch
# belief: One target per class means labels is a flat vector of 1000 numbers; the batch dimension is only for the image.
# fix: Give labels the batch dimension too: labels = torch.rand(1, 1000).
# source: Humbatova: wrong tensor shape
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets."""
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    return model(data)
