# function: compute_loss
# belief: A loss is an average over its elements, so .mean() is the same thing as the tutorial's .sum().
# fix: Use (prediction - labels).sum(), as the tutorial does; mean() divides every gradient by 1000.
# source: Humbatova: wrong loss function
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return (prediction - labels).mean()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
