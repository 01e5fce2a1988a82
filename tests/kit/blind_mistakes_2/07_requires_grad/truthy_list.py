"""MISTAKE: The student believes bool(flags) checks the flags inside the list, and returns bool(flags).
FUNCTION: predict_requires_grad

Exercise 07 - how requires_grad propagates.

`requires_grad=True` tells autograd to track every operation on a tensor.
The rule is simple: the output of an operation requires grad if *at least
one* of its inputs does. Tensors made by torch.rand do not require grad, so

    a = x + y   # x, y plain          -> a.requires_grad is False
    b = x + z   # z requires grad     -> b.requires_grad is True

Parameters that do not require grad are *frozen*: autograd does no work for
them, which is how fine-tuning saves time (exercise 08).

Run `python grader.py 07` to check your work.

----- 한국어 -----
연습 07 - requires_grad가 전파되는 방식.

`requires_grad=True`는 autograd에게 그 텐서의 모든 연산을 추적하라고 알립니다.
규칙은 간단합니다: 입력 중 *하나라도* requires_grad이면 연산의 출력도
requires_grad입니다. torch.rand로 만든 텐서는 requires_grad가 아니므로

    a = x + y   # x, y는 보통 텐서          -> a.requires_grad는 False
    b = x + z   # z는 requires_grad       -> b.requires_grad는 True

requires_grad가 아닌 매개변수는 *고정(frozen)*된 것입니다: autograd가 그것들을 위해
아무 일도 하지 않으므로 미세 조정(fine-tuning)이 시간을 아낄 수 있습니다 (연습 08).

`python grader.py 07`로 확인하세요.
"""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (x + y, x + z), as in the tutorial.

    튜토리얼처럼 (x + y, x + z)를 돌려줍니다.
    """
    # TODO: two additions.
    # 할 일: 덧셈 두 번.
    a = x + y
    b = x + z
    return a, b


def predict_requires_grad(flags: list[bool]) -> bool:
    """Predict, without running torch, whether the sum of tensors whose
    requires_grad flags are `flags` requires grad.

    torch를 실행하지 않고, requires_grad 플래그가 flags인 텐서들의 합이
    requires_grad인지 예측합니다.
    """
    # TODO: apply the rule above to a list of flags.
    # 할 일: 위의 규칙을 플래그 목록에 적용하세요.
    return bool(flags)


def count_trainable(model: torch.nn.Module) -> int:
    """Return how many numbers (elements) in model's parameters require grad.

    model의 매개변수 중 requires_grad인 수(원소)가 몇 개인지 돌려줍니다.
    """
    # TODO: sum numel() over the parameters that require grad.
    # 할 일: requires_grad인 매개변수의 numel()을 더하세요.
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
