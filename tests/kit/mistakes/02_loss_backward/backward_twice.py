# function: backward_pass
# belief: Calling backward() a second time is harmless and makes sure the gradients are there.
# fix: Call loss.backward() once; the graph is freed after the first call.
# source: forum confusion (Trying to backward through the graph a second time) / missing retain_graph
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
    loss.backward()
    return loss
