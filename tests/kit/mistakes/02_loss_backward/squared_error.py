# function: compute_loss
# belief: Every loss is a squared error, so the differences have to be squared before summing.
# fix: Use the tutorial's loss, (prediction - labels).sum(), without squaring.
# source: Humbatova: wrong loss function
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return ((prediction - labels) ** 2).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
