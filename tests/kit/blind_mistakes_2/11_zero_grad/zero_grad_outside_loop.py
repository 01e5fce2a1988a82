"""MISTAKE: The student believes clearing the gradients once, before the training loop, is enough.
FUNCTION: gradients_per_step

Exercise 11 - zero_grad and accumulation in a training loop.

backward() does not overwrite `.grad`: it adds the new gradient to whatever is
already there (exercise 06). That is useful when you want to sum gradients over
several small batches, and a bug in an ordinary training loop. Without
clearing, a loop that runs backward() three times on the same batch records

    step 1: g        step 2: 2g        step 3: 3g

instead of g every time, and with different batches each step sees the sum of
all the gradients so far.

`optimizer.zero_grad()` clears the gradients of every parameter the optimizer
holds. Since PyTorch 2.0 it does so by setting `.grad` to None
(`set_to_none=True`, the default): no memory is held, and the next backward()
writes a fresh tensor instead of adding. With `set_to_none=False` it keeps the
tensors and fills them with zeros, which is what older code expects.

Run `python grader.py 11` to check your work.

----- 한국어 -----
연습 11 - 학습 반복문의 zero_grad와 누적.

backward()는 `.grad`를 덮어쓰지 않습니다: 이미 있는 값에 새 기울기를 더합니다
(연습 06). 여러 작은 배치의 기울기를 합하고 싶을 때는 유용하지만, 보통의 학습
반복문에서는 버그입니다. 지우지 않으면 같은 배치로 backward()를 세 번 하는 반복문은
매번 g가 아니라

    1단계: g        2단계: 2g        3단계: 3g

를 기록하고, 배치가 다르면 각 단계가 지금까지의 모든 기울기의 합을 보게 됩니다.

`optimizer.zero_grad()`는 옵티마이저가 가진 모든 매개변수의 기울기를 지웁니다.
PyTorch 2.0부터는 `.grad`를 None으로 만듭니다(`set_to_none=True`, 기본값): 메모리를
잡아 두지 않고, 다음 backward()는 더하는 대신 새 텐서를 씁니다. `set_to_none=False`면
텐서를 남기고 0으로 채우는데, 예전 코드가 기대하는 동작입니다.

`python grader.py 11`로 확인하세요.
"""

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
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    optimizer.zero_grad()
    grads = []
    for data, labels in batches:
        loss = ((model(data) - labels) ** 2).mean()
        loss.backward()
        grads.append(model.weight.grad.clone())
    return grads


def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    """Backward through model(data).sum(), then clear with an SGD optimizer's zero_grad(set_to_none=...).

    Return [p.grad for p in model.parameters()] after clearing: every entry is
    None when set_to_none is True, and a tensor of zeros when it is False.

    model(data).sum()으로 backward한 다음, SGD 옵티마이저의
    zero_grad(set_to_none=...)로 지웁니다.
    """
    # TODO: build torch.optim.SGD over model.parameters(), backward, then optimizer.zero_grad(set_to_none=set_to_none).
    # 할 일: model.parameters()로 torch.optim.SGD를 만들고 backward한 다음 optimizer.zero_grad(set_to_none=set_to_none).
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    model(data).sum().backward()
    optimizer.zero_grad(set_to_none=set_to_none)
    return [p.grad for p in model.parameters()]
