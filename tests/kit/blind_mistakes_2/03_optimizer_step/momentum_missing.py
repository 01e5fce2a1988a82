"""MISTAKE: The student thinks momentum is an optional extra and builds SGD with only lr=1e-2.
FUNCTION: make_optimizer

Exercise 03 - an optimizer step: SGD with momentum.

Gradients say which way each parameter should move to make the loss grow;
gradient descent moves it the other way. An optimizer does that for all
parameters at once. Plain SGD with learning rate lr does

    parameter = parameter - lr * parameter.grad

With momentum it keeps a running "velocity" per parameter:

    buffer = momentum * buffer + parameter.grad     (buffer = grad on the first step)
    parameter = parameter - lr * buffer

so consistent gradients build up speed. The tutorial uses lr=1e-2, momentum=0.9.

One more thing: backward() *adds* to `.grad` (see exercise 06). Before the next
backward, clear the old gradients with `optimizer.zero_grad()`, or the second
step uses the sum of both steps' gradients.

Run `python grader.py 03` to check your work.

----- 한국어 -----
연습 03 - 옵티마이저 한 단계: 모멘텀이 있는 SGD.

기울기는 손실이 커지려면 각 매개변수가 어느 쪽으로 움직여야 하는지 알려 줍니다.
경사 하강법은 그 반대쪽으로 움직입니다. 옵티마이저는 이것을 모든 매개변수에 한꺼번에
합니다. 학습률이 lr인 보통 SGD는

    parameter = parameter - lr * parameter.grad

모멘텀이 있으면 매개변수마다 "속도"를 계속 유지합니다:

    buffer = momentum * buffer + parameter.grad     (첫 단계에서는 buffer = grad)
    parameter = parameter - lr * buffer

그래서 같은 방향의 기울기가 이어지면 속도가 붙습니다. 튜토리얼은 lr=1e-2,
momentum=0.9를 씁니다.

하나 더: backward()는 `.grad`에 *더합니다* (연습 06). 다음 backward 전에
`optimizer.zero_grad()`로 이전 기울기를 지우세요. 그러지 않으면 두 번째 단계가
두 단계의 기울기를 더한 값을 씁니다.

`python grader.py 03`으로 확인하세요.
"""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9.

    모델의 모든 매개변수에 대한 SGD(lr=1e-2, momentum=0.9)를 돌려줍니다.
    """
    # TODO: build torch.optim.SGD.
    # 할 일: torch.optim.SGD를 만드세요.
    return torch.optim.SGD(model.parameters(), lr=1e-2)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """One training step; return the loss (computed before the step).

    Clear old gradients, forward, loss = (prediction - labels).sum(), backward, step.

    학습 한 단계를 하고 (단계 전에 계산한) 손실을 돌려줍니다: 이전 기울기 지우기, 순전파, loss =
    (prediction - labels).sum(), backward, step.
    """
    # TODO: the five lines of a training step.
    # 할 일: 학습 단계의 다섯 줄.
    optimizer.zero_grad()
    prediction = model(data)
    loss = (prediction - labels).sum()
    loss.backward()
    optimizer.step()
    return loss
