# function: compute_loss
# belief: For a classifier the loss must be cross-entropy, as the notes' comment about classification losses suggests.
# fix: Use the tutorial's loss, (prediction - labels).sum().
# source: tutorial paste-in (the notes' cross-entropy comment) / Humbatova: wrong loss function
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return torch.nn.functional.cross_entropy(prediction, labels)


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
