# function: make_optimizer
# belief: Adam is SGD with momentum, so it is the optimizer to use here.
# fix: Use torch.optim.SGD with lr=1e-2 and momentum=0.9.
# source: Humbatova: wrong optimiser
"""Exercise 03 - an optimizer step: SGD with momentum."""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9."""
    return torch.optim.Adam(model.parameters(), lr=1e-2)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """One training step; return the loss (computed before the step)."""
    optimizer.zero_grad()
    prediction = model(data)
    loss = (prediction - labels).sum()
    loss.backward()
    optimizer.step()
    return loss
