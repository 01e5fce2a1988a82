# function: backward_pass
# belief: compute_loss gives a total, and a loss for training must be an average, so backward_pass divides it by the number of outputs before backward().
# fix: Call backward() on compute_loss's result as it is; dividing the loss divides every gradient by 1000.
# source: forum confusion (sum vs mean reduction)
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels) / prediction.numel()
    loss.backward()
    return loss
