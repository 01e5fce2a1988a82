"""MISTAKE: The learner believes setting model.requires_grad = False on the module freezes all its parameters (it only sets a plain attribute).
FUNCTION: prepare_finetuning
"""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    model.requires_grad = False
    model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
