# function: make_batch
# belief: A classification label is the index of the right class (as for cross-entropy), not a vector of 1000 values.
# fix: Follow the tutorial: labels = torch.rand(1, 1000), one random target per class.
# source: forum confusion (the notes' cross-entropy remark)
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets."""
    data = torch.rand(1, 3, 64, 64)
    labels = torch.randint(0, 1000, (1,))
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    return model(data)
