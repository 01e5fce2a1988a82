"""Exercise 07 that wants every input to require grad, and counts parameter tensors."""
import torch


def tutorial_sums(x, y, z):
    return x + y, x + z


def predict_requires_grad(flags):
    return all(flags)


def count_trainable(model):
    return sum(1 for p in model.parameters() if p.requires_grad)
