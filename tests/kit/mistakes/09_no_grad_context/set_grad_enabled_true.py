# function: double_without_tracking
# belief: torch.set_grad_enabled(True) turns the no-grad setting on.
# fix: Use torch.no_grad() (or set_grad_enabled(False)): set_grad_enabled(True) turns gradient tracking on.
# source: naming confusion in the torch.set_grad_enabled docs
"""Exercise 09 - torch.no_grad() as a context manager."""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block.

    torch.no_grad() 블록 안에서 계산한 x * 2를 돌려줍니다.
    """
    # TODO: a with-block around the multiplication.
    # 할 일: 곱셈을 with 블록으로 감싸세요.
    with torch.set_grad_enabled(True):
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph.

    그래프를 기록하지 않고 model(data)를 돌려줍니다.
    """
    # TODO: the forward pass inside torch.no_grad().
    # 할 일: torch.no_grad() 안에서 순전파.
    with torch.no_grad():
        return model(data)
