# function: backward_pass
# belief: backward() starts from the network's output, so it is called on the prediction.
# fix: Call backward() on the scalar loss, not on the (1, 1000) prediction.
# source: forum confusion (grad can be implicitly created only for scalar outputs)
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    prediction.backward()
    return loss
