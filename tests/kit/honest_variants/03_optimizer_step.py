"""Correct, written differently from solutions/: a learner's own style."""
import torch
from torch import optim


def make_optimizer(model):
    params = list(model.parameters())
    return optim.SGD(params, 0.01, momentum=0.9, dampening=0, nesterov=False)


def _loss(model, data, labels):
    return torch.sum(model(data) - labels)


def train_step(model, optimizer, data, labels):
    optimizer.zero_grad(set_to_none=False)
    loss = _loss(model, data, labels)
    loss.backward()
    optimizer.step()
    return loss.detach()
