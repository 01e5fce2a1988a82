"""Correct, written differently from solutions/: a learner's own style."""
import torch


def gradients_per_step(model, batches):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
    out = []
    for data, labels in batches:
        optimizer.zero_grad(set_to_none=False)
        torch.nn.functional.mse_loss(model(data), labels).backward()
        out.append(model.weight.grad.detach().clone())
    return out


def gradients_after_zero_grad(model, data, set_to_none):
    sgd = torch.optim.SGD(model.parameters(), lr=1.0)
    loss = model(data).sum()
    loss.backward()
    sgd.zero_grad(set_to_none)
    return [p.grad for p in model.parameters()]
