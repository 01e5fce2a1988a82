# function: doubled_sigmoid_gradient
# belief: Doubling before or after the sigmoid is the same thing, and doubling the input avoids the in-place error.
# fix: Double the sigmoid's output, y = torch.sigmoid(x) * 2; sigmoid(2x) is a different function.
# source: algebra slip (function composition order)
"""Exercise 17 - in-place operations and autograd."""

import torch


def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
    """y = sigmoid(x), then double y; backward through y.sum() and return x.grad (x requires grad).

    The obvious code raises the in-place error on backward():
        y = torch.sigmoid(x)
        y.mul_(2)
        y.sum().backward()
    Fix it.

    y = sigmoid(x), 그다음 y를 두 배로; y.sum()으로 backward하고 x.grad를
    돌려줍니다 (x는 requires_grad).
    """
    # TODO: double y without changing the tensor sigmoid saved.
    # 할 일: sigmoid가 저장한 텐서를 바꾸지 말고 y를 두 배로 하세요.
    y = torch.sigmoid(x * 2)
    y.sum().backward()
    return x.grad


def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
    """Move the leaf w (it requires grad) by -lr * grad in place, and return w.

    `w -= lr * grad` raises "a leaf Variable that requires grad is being used in
    an in-place operation". Fix it so that w stays a leaf that requires grad.

    잎 w(requires_grad)를 제자리에서 -lr * grad만큼 옮기고 w를 돌려줍니다.
    """
    # TODO
    with torch.no_grad():
        w -= lr * grad
    return w
