"""03: train_step does the step but forgets to return the loss."""
import torch


def make_optimizer(model):
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)


def train_step(model, optimizer, data, labels):
    optimizer.zero_grad()
    loss = (model(data) - labels).sum()
    loss.backward()
    optimizer.step()
