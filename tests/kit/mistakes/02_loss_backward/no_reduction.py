# function: compute_loss
# belief: The loss is the tensor of differences itself; backward() can work with a whole tensor.
# fix: Reduce it to one number with .sum(), so that loss.backward() needs no argument.
# source: Humbatova: wrong tensor shape / forum confusion (grad can be implicitly created only for scalar outputs)
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return prediction - labels


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
