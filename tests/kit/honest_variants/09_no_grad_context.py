"""Correct, written differently from solutions/: a learner's own style."""
import torch
from torch import no_grad


def double_without_tracking(x):
    with no_grad():
        return x + x


@torch.no_grad()
def evaluate(model, data):
    return model(data)
