# function: prepare_finetuning
# belief: Wrapping the setup in torch.no_grad() freezes the backbone.
# fix: no_grad() only stops recording while it is active; set requires_grad = False on each parameter.
# source: forum confusion (no_grad vs requires_grad)
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze model, replace model.fc with nn.Linear(512, num_classes), return SGD over model.parameters()."""
    with torch.no_grad():
        model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
