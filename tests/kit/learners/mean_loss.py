"""Exercise 02 with mean() where the tutorial sums."""
import torch


def compute_loss(prediction, labels):
    return (prediction - labels).mean()


def backward_pass(model, data, labels):
    loss = compute_loss(model(data), labels)
    loss.backward()
    return loss
