# function: compute_loss
# belief: The .sum() at the end of the line applies to the whole subtraction, so the parentheses are not needed.
# fix: Put the subtraction in parentheses, (prediction - labels).sum(); a method call binds tighter than the minus.
# source: Python operator precedence slip
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels).

    튜토리얼의 손실, (prediction - labels)의 합을 돌려줍니다.
    """
    # TODO: one line, a scalar tensor.
    # 할 일: 한 줄, 스칼라 텐서.
    return prediction - labels.sum()


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
