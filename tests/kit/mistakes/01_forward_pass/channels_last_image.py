# function: make_batch
# belief: A 64x64 RGB image is laid out (height, width, channels), as the notes' '(64, 64, 3) image' says, so data is (1, 64, 64, 3).
# fix: PyTorch convolutions want channels first: data = torch.rand(1, 3, 64, 64).
# source: tutorial paste-in (the notes describe the image as (64, 64, 3)) / Humbatova: wrong tensor shape
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets."""
    data = torch.rand(1, 64, 64, 3)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    return model(data)
