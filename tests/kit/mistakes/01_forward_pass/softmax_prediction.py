# function: forward
# belief: The prediction of a classifier is a probability distribution, so the forward pass must end with a softmax.
# fix: Return the raw output model(data); resnet18 already gives the (1, 1000) prediction the tutorial uses.
# source: Humbatova: wrong activation / output layer
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets."""
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    return torch.softmax(model(data), dim=1)
