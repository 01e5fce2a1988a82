# function: prepare_finetuning
# belief: model.eval() freezes the weights.
# fix: Set requires_grad = False on every parameter; eval() only changes dropout and batch norm.
# source: forum confusion (eval() vs freezing)
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    model.eval()
    model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
