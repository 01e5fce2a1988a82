# function: doubled_sigmoid_gradient
# belief: An in-place change under torch.no_grad() is hidden from autograd, as for a manual weight update, so it is safe here too.
# fix: Write y = y * 2: no_grad does not stop the version counter, and sigmoid's saved output is still changed.
# source: transferring the manual-update fix (no_grad) to a saved tensor; forum 'modified by an inplace operation'
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
    y = torch.sigmoid(x)
    with torch.no_grad():
        y.mul_(2)
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
