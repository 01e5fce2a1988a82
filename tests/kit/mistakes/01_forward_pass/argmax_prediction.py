# function: forward
# belief: The prediction is the predicted class, so forward should return the argmax of the scores.
# fix: Return model(data) itself, the (1, 1000) tensor of scores.
# source: forum confusion (prediction vs predicted label)
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
    return model(data).argmax(dim=1)
