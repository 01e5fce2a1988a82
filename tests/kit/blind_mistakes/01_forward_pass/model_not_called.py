"""MISTAKE: The learner believes torchvision.models.resnet18 is the model itself and returns the builder function without calling it.
FUNCTION: build_model
"""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    model = torchvision.models.resnet18
    return model


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    return model(data)
