# function: make_optimizer
# belief: SGD with momentum means Nesterov momentum, so nesterov=True belongs with momentum=0.9.
# fix: Drop nesterov=True; the tutorial's optimizer is plain (heavy-ball) momentum.
# source: PyTorch SGD docs (nesterov is a separate option)
"""Exercise 03 - an optimizer step: SGD with momentum."""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9.

    모델의 모든 매개변수에 대한 SGD(lr=1e-2, momentum=0.9)를 돌려줍니다.
    """
    # TODO: build torch.optim.SGD.
    # 할 일: torch.optim.SGD를 만드세요.
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9, nesterov=True)


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
