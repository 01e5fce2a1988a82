"""Correct, written differently from solutions/: a learner's own style."""
import torch


def tutorial_sums(x, y, z):
    a = torch.add(x, y)
    b = torch.add(x, z)
    return a, b


def predict_requires_grad(flags):
    for flag in flags:
        if flag:
            return True
    return False


def count_trainable(model):
    total = 0
    for p in model.parameters():
        if p.requires_grad:
            total += p.numel()
    return total
