# function: train_step
# belief: Gradients should be cleared as soon as backward() has made them, before the step.
# fix: Call optimizer.zero_grad() before the forward pass (or after step()), never between backward() and step().
# source: Humbatova: wrong order of training calls
"""Exercise 03 - an optimizer step: SGD with momentum."""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9."""
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """One training step; return the loss (computed before the step)."""
    prediction = model(data)
    loss = (prediction - labels).sum()
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss
