"""MISTAKE: The student reads 'move w by -lr * grad' and writes w += lr * grad, losing the minus sign in the in-place form.
FUNCTION: manual_sgd_step

Exercise 17 - in-place operations and autograd.

Some operations save their inputs or outputs for the backward pass: sigmoid
saves its output, multiplication saves both factors. If you then change a
saved tensor in place (`y.mul_(2)`, `y += 1`, `y[0] = 0`), autograd notices
(every tensor has a version counter) and backward() raises

    RuntimeError: one of the variables needed for gradient computation has
    been modified by an inplace operation

Write the out-of-place version instead: `y = y * 2` makes a new tensor and
leaves the saved one alone.

A leaf that requires grad cannot be changed in place while recording either
("a leaf Variable that requires grad is being used in an in-place operation").
Updating weights by hand is exactly that, so do it under `torch.no_grad()`:
the update is not part of any graph, and the weight stays the same leaf.

Run `python grader.py 17` to check your work.

----- 한국어 -----
연습 17 - 제자리(in-place) 연산과 autograd.

어떤 연산은 역전파를 위해 입력이나 출력을 저장합니다: sigmoid는 출력을, 곱셈은 두
인수를 저장합니다. 저장된 텐서를 제자리로 바꾸면(`y.mul_(2)`, `y += 1`, `y[0] = 0`)
autograd가 알아채고(모든 텐서에 버전 카운터가 있음) backward()가 오류를 냅니다

    RuntimeError: one of the variables needed for gradient computation has
    been modified by an inplace operation

대신 out-of-place로 쓰세요: `y = y * 2`는 새 텐서를 만들고 저장된 텐서는 그대로 둡니다.

requires_grad인 잎도 기록 중에는 제자리로 바꿀 수 없습니다 ("a leaf Variable that
requires grad is being used in an in-place operation"). 손으로 가중치를 갱신하는 것이
바로 그것이므로 `torch.no_grad()` 안에서 하세요: 갱신은 어떤 그래프에도 속하지 않고,
가중치는 같은 잎으로 남습니다.

`python grader.py 17`로 확인하세요.
"""

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
    y = y * 2
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
        w += lr * grad
    return w
