"""MISTAKE: The learner uses the image-library (PIL/numpy) habit of height x width x channels and builds the batch as (1, 64, 64, 3).
FUNCTION: make_batch
"""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    return torchvision.models.resnet18(weights=None)


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    data = torch.rand(1, 64, 64, 3)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    return model(data)
