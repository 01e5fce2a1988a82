# function: build_model
# belief: Naming torchvision.models.resnet18 already gives you the model, so there is nothing to call.
# fix: Call the builder: return torchvision.models.resnet18(weights=None).
# source: python slip
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    return torchvision.models.resnet18


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets."""
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    return model(data)
