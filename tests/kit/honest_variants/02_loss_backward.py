"""Correct, written differently from solutions/: a learner's own style."""
import torch


def compute_loss(prediction, labels):
    return prediction.sum() - labels.sum()


def backward_pass(model, data, labels):
    loss = compute_loss(model(data), labels)
    torch.autograd.backward(loss)
    return loss
