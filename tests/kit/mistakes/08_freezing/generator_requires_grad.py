# function: prepare_finetuning
# belief: model.parameters().requires_grad = False sets the flag on all parameters at once.
# fix: Loop over model.parameters() and set each one's requires_grad = False.
# source: forum confusion / Humbatova: wrong API usage
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    model.parameters().requires_grad = False
    model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
