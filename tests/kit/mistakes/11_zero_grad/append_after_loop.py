# function: gradients_per_step
# belief: The append line records one gradient per batch wherever it sits after backward().
# fix: Indent the append into the loop body, so it runs once per batch.
# source: Python indentation slip
"""Exercise 11 - zero_grad and accumulation in a training loop."""

import torch


def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
    """Run one backward pass per (data, labels) batch; return model.weight.grad after each.

    The loss of a batch is ((model(data) - labels) ** 2).mean(). Do not update
    the parameters (no optimizer.step()): this is about the gradients alone.
    Each recorded gradient must be the gradient of that batch's loss only, so
    clear the old gradients before each backward(), and record a copy
    (`.clone()`), not `.grad` itself, which the next step changes.

    (data, labels) 배치마다 backward를 한 번 하고, 매번 그 뒤의
    model.weight.grad를 돌려줍니다.
    """
    # TODO: a loop over the batches: clear, forward, loss, backward, record a copy of model.weight.grad.
    # 할 일: 배치마다 반복: 지우기, 순전파, 손실, backward, model.weight.grad의 복사본 기록.
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    recorded = []
    for data, labels in batches:
        optimizer.zero_grad()
        loss = ((model(data) - labels) ** 2).mean()
        loss.backward()
    recorded.append(model.weight.grad.clone())
    return recorded


def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    """Backward through model(data).sum(), then clear with an SGD optimizer's zero_grad(set_to_none=...).

    Return [p.grad for p in model.parameters()] after clearing: every entry is
    None when set_to_none is True, and a tensor of zeros when it is False.

    model(data).sum()으로 backward한 다음, SGD 옵티마이저의
    zero_grad(set_to_none=...)로 지웁니다.
    """
    # TODO: build torch.optim.SGD over model.parameters(), backward, then optimizer.zero_grad(set_to_none=set_to_none).
    # 할 일: model.parameters()로 torch.optim.SGD를 만들고 backward한 다음 optimizer.zero_grad(set_to_none=set_to_none).
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model(data).sum().backward()
    optimizer.zero_grad(set_to_none=set_to_none)
    return [p.grad for p in model.parameters()]
