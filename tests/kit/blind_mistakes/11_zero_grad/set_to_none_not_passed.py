"""MISTAKE: The learner believes zero_grad() fills gradients with zeros and calls it without passing set_to_none, so the flag is ignored (always None).
FUNCTION: gradients_after_zero_grad
"""

import torch


def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
    grads = []
    for data, labels in batches:
        model.zero_grad()
        loss = ((model(data) - labels) ** 2).mean()
        loss.backward()
        grads.append(model.weight.grad.clone())
    return grads


def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model(data).sum().backward()
    optimizer.zero_grad()
    return [p.grad for p in model.parameters()]
