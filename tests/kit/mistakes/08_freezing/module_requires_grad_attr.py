# function: prepare_finetuning
# belief: Setting model.requires_grad = False freezes the whole model.
# fix: Set requires_grad = False on each parameter (or call model.requires_grad_(False)).
# source: forum confusion (module attribute vs requires_grad_())
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    model.requires_grad = False
    model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
