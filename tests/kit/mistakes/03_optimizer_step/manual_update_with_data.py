# function: train_step
# belief: step() only does p -= lr * p.grad, so updating p.data by hand is the same thing.
# fix: Call optimizer.step(): it applies momentum through its buffer, which the hand-written update ignores.
# source: forum confusion (.data updates) / Humbatova: wrong API usage
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
    loss.backward()
    for p in model.parameters():
        if p.grad is not None:
            p.data -= 1e-2 * p.grad
    return loss
