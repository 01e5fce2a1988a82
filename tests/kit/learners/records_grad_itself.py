"""Exercise 11 that appends .grad itself (not a copy), and never clears in the second function."""
import torch


def gradients_per_step(model, batches):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    recorded = []
    for data, labels in batches:
        optimizer.zero_grad(set_to_none=False)
        loss = ((model(data) - labels) ** 2).mean()
        loss.backward()
        recorded.append(model.weight.grad)
    return recorded


def gradients_after_zero_grad(model, data, set_to_none):
    model(data).sum().backward()
    return [p.grad for p in model.parameters()]
