# function: gradients_per_step
# belief: The learner believes gradients should be cleared right after backward(), and zeroes them before recording the copy, so only zeros are recorded.
# fix: Record the gradient's copy first; clear gradients at the start of the next step.
# source: blind mistakes of issue 26 (written from the exercise text)

import torch


def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
    grads = []
    for data, labels in batches:
        loss = ((model(data) - labels) ** 2).mean()
        loss.backward()
        model.zero_grad(set_to_none=False)
        grads.append(model.weight.grad.clone())
    return grads


def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model(data).sum().backward()
    optimizer.zero_grad(set_to_none=set_to_none)
    return [p.grad for p in model.parameters()]
