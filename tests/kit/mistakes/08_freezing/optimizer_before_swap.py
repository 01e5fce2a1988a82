# function: prepare_finetuning
# belief: The optimizer finds the model's current parameters when it steps, so it can be built before fc is replaced.
# fix: Build the optimizer after the swap: it keeps the parameter tensors it was given.
# source: forum confusion (optimizer holds stale parameters)
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    for parameter in model.parameters():
        parameter.requires_grad = False
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    model.fc = nn.Linear(512, num_classes)
    return optimizer
