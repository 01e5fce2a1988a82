# function: evaluate
# belief: The graph starts at the input, so detaching the data means nothing is recorded.
# fix: Run model(data) inside torch.no_grad(): the model's parameters require grad, so the output is recorded whatever the input.
# source: forum confusion (parameters, not only inputs, make a graph)
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block.

    torch.no_grad() 블록 안에서 계산한 x * 2를 돌려줍니다.
    """
    # TODO: a with-block around the multiplication.
    # 할 일: 곱셈을 with 블록으로 감싸세요.
    with torch.no_grad():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph.

    그래프를 기록하지 않고 model(data)를 돌려줍니다.
    """
    # TODO: the forward pass inside torch.no_grad().
    # 할 일: torch.no_grad() 안에서 순전파.
    return model(data.detach())
