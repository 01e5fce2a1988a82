# function: train_step
# belief: step() computes the update and backward() then applies it, so step() comes first.
# fix: Call loss.backward() first, then optimizer.step().
# source: Humbatova: wrong order of training calls
"""Exercise 03 - an optimizer step: SGD with momentum."""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9."""
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """One training step; return the loss (computed before the step)."""
    optimizer.zero_grad()
    prediction = model(data)
    loss = (prediction - labels).sum()
    optimizer.step()
    loss.backward()
    return loss
