# function: backward_pass
# belief: The loss to return is a plain Python number, so .item() belongs on the returned value.
# fix: Return the loss tensor itself.
# source: forum confusion (.item() for logging)
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss.item()
