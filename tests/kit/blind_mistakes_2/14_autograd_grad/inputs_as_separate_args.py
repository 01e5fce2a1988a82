"""MISTAKE: The student believes torch.autograd.grad takes the inputs as separate positional arguments, like grad(q, a, b), not as one tuple.
FUNCTION: q_gradients

Exercise 14 - torch.autograd.grad: gradients as return values.

`loss.backward()` writes gradients into the `.grad` of every leaf. Sometimes
you want them as values instead, without touching `.grad` (a gradient penalty,
a meta-learning step, or a quick check):

    da, db = torch.autograd.grad(q, (a, b))     # q must be a scalar

returns the gradients in the order of the inputs and leaves `a.grad` and
`b.grad` as they were.

Asking for the gradient with respect to an input that q does not depend on
raises "One of the differentiated Tensors appears to not have been used in the
graph". `allow_unused=True` returns None for such an input instead, and
`materialize_grads=True` (which implies allow_unused) returns zeros, which is
easier to compute with.

Run `python grader.py 14` to check your work.

----- 한국어 -----
연습 14 - torch.autograd.grad: 돌려받는 값으로서의 기울기.

`loss.backward()`는 모든 잎의 `.grad`에 기울기를 씁니다. 때로는 `.grad`를 건드리지
않고 값으로 받고 싶을 때가 있습니다 (기울기 페널티, 메타 학습 단계, 빠른 확인):

    da, db = torch.autograd.grad(q, (a, b))     # q는 스칼라여야 함

는 입력 순서대로 기울기를 돌려주고 `a.grad`와 `b.grad`는 그대로 둡니다.

q가 의존하지 않는 입력에 대한 기울기를 요청하면 "One of the differentiated Tensors
appears to not have been used in the graph" 오류가 납니다. `allow_unused=True`는 그런
입력에 대신 None을 돌려주고, `materialize_grads=True`(allow_unused를 포함)는 계산에
쓰기 더 쉬운 0을 돌려줍니다.

`python grader.py 14`로 확인하세요.
"""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (dq/da, dq/db) for q = (3a^3 - b^2).sum() with torch.autograd.grad. Leave a.grad and b.grad untouched.

    q = (3a^3 - b^2).sum()에 대해 torch.autograd.grad로 (dq/da,
    dq/db)를 돌려줍니다. a.grad와 b.grad는 건드리지 마세요.
    """
    # TODO: torch.autograd.grad, not backward().
    # 할 일: backward()가 아니라 torch.autograd.grad.
    q = (3 * a ** 3 - b ** 2).sum()
    da, db = torch.autograd.grad(q, a, b)
    return da, db


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    """q = (3a^3 - b^2).sum() does not use c. Return the gradients of q with respect to (a, b, c).

    The gradient for c must be a tensor of zeros shaped like c, not None and not an error.

    q = (3a^3 - b^2).sum()은 c를 쓰지 않습니다. (a, b, c)에 대한 q의 기울기를
    돌려줍니다.
    """
    # TODO: torch.autograd.grad with materialize_grads=True.
    # 할 일: materialize_grads=True로 torch.autograd.grad.
    q = (3 * a ** 3 - b ** 2).sum()
    da, db, dc = torch.autograd.grad(q, (a, b, c), materialize_grads=True)
    return da, db, dc
