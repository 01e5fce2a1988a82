# function: make_optimizer
# belief: 10e-2 is how to write ten to the minus two, i.e. 0.01.
# fix: Write lr=1e-2: 10e-2 means 10 * 10^-2 = 0.1.
# source: Python float literal slip (scientific notation)
"""Exercise 03 - an optimizer step: SGD with momentum."""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9.

    모델의 모든 매개변수에 대한 SGD(lr=1e-2, momentum=0.9)를 돌려줍니다.
    """
    # TODO: build torch.optim.SGD.
    # 할 일: torch.optim.SGD를 만드세요.
    return torch.optim.SGD(model.parameters(), lr=10e-2, momentum=0.9)


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
