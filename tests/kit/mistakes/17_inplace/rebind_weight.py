# function: manual_sgd_step
# belief: w = w - lr * grad updates the weight.
# fix: Update in place under torch.no_grad(): w -= lr * grad; the assignment makes a new non-leaf tensor with a grad_fn.
# source: python slip (rebinding `x = x - lr*grad` instead of in-place update)
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
    y = torch.sigmoid(x)
    y = y * 2
    y.sum().backward()
    return x.grad


def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
    """Move the leaf w (it requires grad) by -lr * grad in place, and return w.

    `w -= lr * grad` raises "a leaf Variable that requires grad is being used in
    an in-place operation". Fix it so that w stays a leaf that requires grad.

    잎 w(requires_grad)를 제자리에서 -lr * grad만큼 옮기고 w를 돌려줍니다.
    """
    w = w - lr * grad
    return w
