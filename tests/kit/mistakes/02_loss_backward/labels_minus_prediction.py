# function: compute_loss
# belief: The order of the subtraction does not matter for a loss.
# fix: Compute (prediction - labels).sum(); (labels - prediction) flips the sign of every gradient.
# source: python slip (off-by-sign)
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return (labels - prediction).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
