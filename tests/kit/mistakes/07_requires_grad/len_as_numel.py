# function: count_trainable
# belief: len(p) is the number of elements of a tensor, as for a list.
# fix: Use p.numel(): len(p) is only the size of the first dimension.
# source: Python/numpy slip (len of a multi-dimensional array)
"""Exercise 07 - how requires_grad propagates."""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (x + y, x + z), as in the tutorial.

    튜토리얼처럼 (x + y, x + z)를 돌려줍니다.
    """
    # TODO: two additions.
    # 할 일: 덧셈 두 번.
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    """Predict, without running torch, whether the sum of tensors whose
    requires_grad flags are `flags` requires grad.

    torch를 실행하지 않고, requires_grad 플래그가 flags인 텐서들의 합이
    requires_grad인지 예측합니다.
    """
    # TODO: apply the rule above to a list of flags.
    # 할 일: 위의 규칙을 플래그 목록에 적용하세요.
    return any(flags)


def count_trainable(model: torch.nn.Module) -> int:
    """Return how many numbers (elements) in model's parameters require grad.

    model의 매개변수 중 requires_grad인 수(원소)가 몇 개인지 돌려줍니다.
    """
    # TODO: sum numel() over the parameters that require grad.
    # 할 일: requires_grad인 매개변수의 numel()을 더하세요.
    return sum(len(p) for p in model.parameters() if p.requires_grad)
