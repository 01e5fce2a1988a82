# function: prepare_finetuning
# belief: nn.Linear takes the number of outputs first, then the number of inputs.
# fix: nn.Linear(in_features, out_features): nn.Linear(512, num_classes).
# source: Humbatova: wrong tensor shape / layer configuration
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    for parameter in model.parameters():
        parameter.requires_grad = False
    model.fc = nn.Linear(num_classes, 512)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
