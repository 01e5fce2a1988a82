# function: prepare_finetuning
# belief: It does not matter whether fc is replaced before or after freezing.
# fix: Freeze first, then replace fc, so the new layer keeps requires_grad=True.
# source: Humbatova: wrong order / forum confusion
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    model.fc = nn.Linear(512, num_classes)
    for parameter in model.parameters():
        parameter.requires_grad = False
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
