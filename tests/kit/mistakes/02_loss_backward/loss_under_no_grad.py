# function: backward_pass
# belief: The loss is only a measurement of the prediction, so computing it does not need to be recorded by autograd.
# fix: Compute the loss outside torch.no_grad(): backward() starts from the loss, so it must be part of the graph.
# source: forum thread 'element 0 of tensors does not require grad' after wrapping metric/loss code in no_grad
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels).

    튜토리얼의 손실, (prediction - labels)의 합을 돌려줍니다.
    """
    # TODO: one line, a scalar tensor.
    # 할 일: 한 줄, 스칼라 텐서.
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss.

    Afterwards every parameter of `model` must hold its gradient in `.grad`.

    순전파, compute_loss로 손실 계산, backward() 호출 후 손실을 돌려줍니다. 그 뒤
    model의 모든 매개변수의 `.grad`에 기울기가 있어야 합니다.
    """
    # TODO: forward pass, loss, backward.
    # 할 일: 순전파, 손실, backward.
    prediction = model(data)
    with torch.no_grad():
        loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
