# function: prepare_finetuning
# belief: parameter.requires_grad == False sets the flag.
# fix: Use a single = to assign: parameter.requires_grad = False.
# source: python slip
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    for parameter in model.parameters():
        parameter.requires_grad == False
    model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
