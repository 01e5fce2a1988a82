"""MISTAKE: The learner believes the new head takes the old head's 1000 outputs as input and builds nn.Linear(1000, num_classes) instead of Linear(512, ...).
FUNCTION: prepare_finetuning
"""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    for p in model.parameters():
        p.requires_grad = False
    model.fc = nn.Linear(1000, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
