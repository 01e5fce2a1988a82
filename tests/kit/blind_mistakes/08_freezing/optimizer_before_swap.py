"""MISTAKE: The learner builds the optimizer right after freezing, before replacing fc, believing the optimizer looks up the model's parameters when it steps.
FUNCTION: prepare_finetuning
"""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    for p in model.parameters():
        p.requires_grad = False
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    model.fc = nn.Linear(512, num_classes)
    return optimizer
