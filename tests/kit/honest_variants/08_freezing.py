"""Correct, written differently from solutions/: a learner's own style."""
import torch
from torch import nn


def prepare_finetuning(model, num_classes):
    model.requires_grad_(False)
    in_features = model.fc.in_features
    model.fc = nn.Linear(in_features, num_classes)
    return torch.optim.SGD(model.fc.parameters(), lr=0.01, momentum=0.9)
