"""MISTAKE: The student thinks the order of the difference does not matter and writes (labels - prediction).sum().
FUNCTION: compute_loss

Exercise 02 - the loss and backward().

Training compares the prediction with the truth. The tutorial's *loss* is
simply the sum of the differences:

    loss = (prediction - labels).sum()

The loss is one number (a scalar tensor). Calling `loss.backward()` starts
*backpropagation*: autograd walks back through every operation of the forward
pass and, by the chain rule, stores d(loss)/d(parameter) in each parameter's
`.grad` attribute. Before backward(), `.grad` is None; afterwards every
parameter has a `.grad` of its own shape.

Run `python grader.py 02` to check your work.

----- 한국어 -----
연습 02 - 손실과 backward().

학습은 예측을 정답과 비교합니다. 튜토리얼의 *손실*은 차이를 그냥 더한 값입니다:

    loss = (prediction - labels).sum()

손실은 하나의 수(스칼라 텐서)입니다. `loss.backward()`를 부르면 *역전파*가
시작됩니다: autograd가 순전파의 모든 연산을 거꾸로 따라가며 연쇄 법칙으로
d(loss)/d(parameter)를 각 매개변수의 `.grad` 속성에 저장합니다. backward() 전에는
`.grad`가 None이고, 그 뒤에는 모든 매개변수가 자기와 같은 모양의 `.grad`를 가집니다.

`python grader.py 02`로 확인하세요.
"""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels).

    튜토리얼의 손실, (prediction - labels)의 합을 돌려줍니다.
    """
    # TODO: one line, a scalar tensor.
    # 할 일: 한 줄, 스칼라 텐서.
    return (labels - prediction).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss.

    Afterwards every parameter of `model` must hold its gradient in `.grad`.

    순전파, compute_loss로 손실 계산, backward() 호출 후 손실을 돌려줍니다. 그 뒤
    model의 모든 매개변수의 `.grad`에 기울기가 있어야 합니다.
    """
    # TODO: forward pass, loss, backward.
    # 할 일: 순전파, 손실, backward.
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
