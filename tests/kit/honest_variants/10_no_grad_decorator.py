"""Correct, written differently from solutions/: a learner's own style."""
import torch


@torch.no_grad
def doubler(x):
    return 2 * x
