"""Exercise 03 without optimizer.zero_grad(): the second step sees both gradients."""
import torch


def make_optimizer(model):
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)


def train_step(model, optimizer, data, labels):
    loss = (model(data) - labels).sum()
    loss.backward()
    optimizer.step()
    return loss
