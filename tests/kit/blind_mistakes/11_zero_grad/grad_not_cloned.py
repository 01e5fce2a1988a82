"""MISTAKE: The learner believes appending model.weight.grad stores a snapshot, but it stores the same tensor that later steps change.
FUNCTION: gradients_per_step
"""

import torch


def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
    grads = []
    for data, labels in batches:
        model.zero_grad(set_to_none=False)
        loss = ((model(data) - labels) ** 2).mean()
        loss.backward()
        grads.append(model.weight.grad)
    return grads


def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model(data).sum().backward()
    optimizer.zero_grad(set_to_none=set_to_none)
    return [p.grad for p in model.parameters()]
