"""MISTAKE: The learner believes 'the prediction' means the predicted class, so returns the argmax index instead of the (1, 1000) output.
FUNCTION: forward
"""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    output = model(data)
    return output.argmax(dim=1)
