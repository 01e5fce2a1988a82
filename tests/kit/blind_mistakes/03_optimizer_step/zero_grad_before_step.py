"""MISTAKE: The learner believes zero_grad() is a cleanup after backward() and calls it between backward() and step(), so step() sees no gradients.
FUNCTION: train_step
"""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    prediction = model(data)
    loss = (prediction - labels).sum()
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss
