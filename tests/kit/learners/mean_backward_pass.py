"""Exercise 02 whose backward_pass averages the loss where the tutorial sums (compute_loss is right)."""
import torch


def compute_loss(prediction, labels):
    return (prediction - labels).sum()


def backward_pass(model, data, labels):
    loss = (model(data) - labels).mean()
    loss.backward()
    return loss
