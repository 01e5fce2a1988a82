"""Exercise 09 with the multiplication outside the no_grad block."""
import torch


def double_without_tracking(x):
    with torch.no_grad():
        pass
    return x * 2


def evaluate(model, data):
    return model(data)
