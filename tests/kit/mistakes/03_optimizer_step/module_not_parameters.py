# function: make_optimizer
# belief: The learner passes the model itself to SGD, believing the optimizer takes a module rather than an iterable of parameters.
# fix: Pass model.parameters() to SGD.
# source: blind mistakes of issue 26 (written from the exercise text)

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    return torch.optim.SGD(model, lr=1e-2, momentum=0.9)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    optimizer.zero_grad()
    prediction = model(data)
    loss = (prediction - labels).sum()
    loss.backward()
    optimizer.step()
    return loss
